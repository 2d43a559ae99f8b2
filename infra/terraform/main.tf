# Copper Print Gallery: one Heroku app (web, worker, release) with Heroku Postgres, S3 + CloudFront
# for files and Auth0 for the artist's sign-in. Every config var the app needs in production is set
# here (see ENV_VARS in src/config.ts); DATABASE_URL is set by the Heroku Postgres add-on itself.

locals {
  bucket_prefix = coalesce(var.bucket_prefix, var.app_name)

  # Public base URL of the site, no trailing slash.
  public_url = var.custom_domain != null ? "https://${var.custom_domain}" : trimsuffix(module.heroku_app.web_url, "/")

  # Origins allowed to upload straight to S3 with signed URLs / POST policies.
  site_origins = distinct(concat([local.public_url], var.extra_cors_origins))

  oidc_issuer_url = "https://${var.auth0_domain}/"

  # The permission the artist API requires (OIDC_REQUIRED_PERMISSION); granted through the artist role.
  # Backups and takedown notices also need the site-owner role in the app's own database
  # (`npm run artist -- create --owner`), not an Auth0 permission: see docs/security.md.
  artist_permission = "manage:gallery"

  # The state object (backend.tf's key): the only object the plan identity can read.
  tf_state_object = "copper-print-gallery/production.tfstate"
}

# Signs session cookies and CSRF tokens. Rotate with: terraform apply -replace=random_password.session_secret
# (every studio session ends; visitors are unaffected).
resource "random_password" "session_secret" {
  length  = 64
  special = false
}

module "storage" {
  source = "./modules/storage"

  bucket_prefix                      = local.bucket_prefix
  iam_user_name                      = "${var.app_name}-app"
  cors_allowed_origins               = local.site_origins
  upload_prefix                      = "uploads/"
  upload_expiration_days             = var.upload_expiration_days
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  cloudfront_price_class             = var.cloudfront_price_class
}

module "auth" {
  source = "./modules/auth"

  name                = var.app_name
  public_url          = local.public_url
  api_audience        = var.api_audience
  required_permission = local.artist_permission
  create_artist_user  = var.create_artist_user
  artist_email        = var.artist_email
  artist_name         = var.artist_name
  artist_password     = var.artist_password

  # Auth0's sign-in lasts no longer than the studio session it opens (SESSION_* below).
  session_lifetime_hours      = var.session_absolute_timeout_hours
  idle_session_lifetime_hours = var.session_idle_timeout_minutes / 60
}

# Notification e-mails about enquiries, through Amazon SES's SMTP interface (docs/deploy.md).
module "mail" {
  source = "./modules/mail"

  mail_domain   = var.mail_domain
  from_address  = coalesce(var.mail_from_address, "gallery@${var.mail_domain}")
  iam_user_name = "${var.app_name}-smtp"
}

# The read-only identity of the pull-request plan job (apply keeps its own, in the protected
# "production" GitHub environment).
module "plan_identity" {
  source = "./modules/plan_identity"

  name                       = var.app_name
  state_bucket               = var.tf_state_bucket
  state_object               = local.tf_state_object
  bucket_arns                = module.storage.bucket_arns
  cloudfront_distribution_id = module.storage.cloudfront_distribution_id
  auth0_domain               = var.auth0_domain
}

module "heroku_app" {
  source = "./modules/heroku_app"

  name                 = var.app_name
  region               = var.heroku_region
  team                 = var.heroku_team
  stack                = var.heroku_stack
  postgres_plan        = var.postgres_plan
  manage_formation     = var.manage_formation
  web_dyno_size        = var.web_dyno_size
  web_dyno_quantity    = var.web_dyno_quantity
  worker_dyno_size     = var.worker_dyno_size
  worker_dyno_quantity = var.worker_dyno_quantity
  custom_domain        = var.custom_domain
  log_drain_url        = var.log_drain_url
  extra_config_vars    = var.extra_config_vars

  # Plain config vars (visible in plans).
  config_vars = {
    NODE_ENV                 = "production"
    PUBLIC_URL               = local.public_url
    LOG_LEVEL                = var.log_level
    TRUST_PROXY              = "1"
    DATABASE_SSL             = "no-verify"
    DATABASE_POOL_MAX        = tostring(var.database_pool_max)
    STORAGE_DRIVER           = "s3"
    AWS_REGION               = var.aws_region
    S3_ORIGINALS_BUCKET      = module.storage.originals_bucket
    S3_PUBLIC_BUCKET         = module.storage.public_bucket
    S3_BACKUPS_BUCKET        = module.storage.backups_bucket
    CDN_URL                  = module.storage.cdn_url
    OIDC_ISSUER_URL          = local.oidc_issuer_url
    OIDC_CLIENT_ID           = module.auth.client_id
    OIDC_AUDIENCE            = module.auth.api_audience
    OIDC_PERMISSIONS_CLAIM   = "permissions"
    OIDC_REQUIRED_PERMISSION = local.artist_permission
    BACKUP_RETENTION         = tostring(var.backup_retention)
    SMTP_HOST                = module.mail.smtp_host
    SMTP_PORT                = "587"
    MAIL_FROM                = module.mail.mail_from

    SESSION_IDLE_TIMEOUT_MINUTES   = tostring(var.session_idle_timeout_minutes)
    SESSION_ABSOLUTE_TIMEOUT_HOURS = tostring(var.session_absolute_timeout_hours)
  }

  # Secrets: redacted in plans and outputs.
  sensitive_config_vars = {
    AWS_ACCESS_KEY_ID     = module.storage.app_access_key_id
    AWS_SECRET_ACCESS_KEY = module.storage.app_secret_access_key
    OIDC_CLIENT_SECRET    = module.auth.client_secret
    SESSION_SECRET        = random_password.session_secret.result
    SMTP_USER             = module.mail.smtp_username
    SMTP_PASSWORD         = module.mail.smtp_password
  }
}
