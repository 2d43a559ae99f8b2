# Credentials never live in this repository. The providers read them from the environment:
#   Heroku: HEROKU_API_KEY (and optionally HEROKU_EMAIL)
#   AWS:    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or an assumed role in CI)
#   Auth0:  AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET of a machine-to-machine application that is
#           authorised for the Auth0 Management API (the domain comes from var.auth0_domain).

provider "heroku" {}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project   = "copper-print-gallery"
      App       = var.app_name
      ManagedBy = "terraform"
    }
  }
}

provider "auth0" {
  domain = var.auth0_domain
}
