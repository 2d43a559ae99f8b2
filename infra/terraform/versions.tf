# Terraform and provider versions. Terraform 1.10+ is needed for S3-native state locking
# (backend "s3" use_lockfile), which spares the bootstrap a DynamoDB table.
terraform {
  required_version = ">= 1.10.0, < 2.0.0"

  required_providers {
    heroku = {
      source  = "heroku/heroku"
      version = "~> 5.2"
    }
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    auth0 = {
      source  = "auth0/auth0"
      version = "~> 1.7"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}
