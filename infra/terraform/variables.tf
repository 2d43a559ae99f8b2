# ---------------------------------------------------------------------------------------------
# Heroku
# ---------------------------------------------------------------------------------------------

variable "app_name" {
  description = "Heroku app name; also the default prefix of the S3 buckets and the name shown in Auth0. Lowercase letters, digits and dashes, 3-30 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,28}[a-z0-9]$", var.app_name))
    error_message = "app_name must be 3-30 characters: lowercase letters, digits and dashes, starting with a letter and not ending with a dash."
  }
}

variable "heroku_region" {
  description = "Heroku Common Runtime region of the app."
  type        = string
  default     = "eu"

  validation {
    condition     = contains(["eu", "us"], var.heroku_region)
    error_message = "heroku_region must be \"eu\" or \"us\"."
  }
}

variable "heroku_team" {
  description = "Heroku team that owns the app; null creates the app in the personal account of the API key's user."
  type        = string
  default     = null
}

variable "heroku_stack" {
  description = "Heroku stack (base image) of the app."
  type        = string
  default     = "heroku-24"

  validation {
    condition     = can(regex("^heroku-[0-9]{2}$", var.heroku_stack))
    error_message = "heroku_stack must look like heroku-24."
  }
}

variable "postgres_plan" {
  description = "Heroku Postgres add-on plan, e.g. heroku-postgresql:essential-0 (1 GB, 20 connections) or heroku-postgresql:standard-0."
  type        = string
  default     = "heroku-postgresql:essential-0"

  validation {
    condition     = can(regex("^heroku-postgresql:[a-z0-9-]+$", var.postgres_plan))
    error_message = "postgres_plan must be a heroku-postgresql plan, e.g. heroku-postgresql:essential-0."
  }
}

variable "web_dyno_size" {
  description = "Dyno size of the web process (eco, basic, standard-1x, standard-2x, performance-m, performance-l...). The image pipeline runs in the worker, so basic (512 MB) fits the web process."
  type        = string
  default     = "basic"

  validation {
    condition     = can(regex("^(?i)(eco|basic|standard-1x|standard-2x|performance-m|performance-l|performance-l-ram|performance-xl|performance-2xl)$", var.web_dyno_size))
    error_message = "web_dyno_size must be a Heroku Common Runtime dyno size such as basic or standard-1x."
  }
}

variable "web_dyno_quantity" {
  description = "Number of web dynos. Eco and basic dynos cannot run more than one dyno per process type."
  type        = number
  default     = 1

  validation {
    condition     = var.web_dyno_quantity >= 0 && var.web_dyno_quantity <= 10 && floor(var.web_dyno_quantity) == var.web_dyno_quantity
    error_message = "web_dyno_quantity must be a whole number from 0 to 10."
  }
}

variable "worker_dyno_size" {
  description = "Dyno size of the worker process (image processing with sharp, backups). basic gives 512 MB, standard-2x 1 GB."
  type        = string
  default     = "basic"

  validation {
    condition     = can(regex("^(?i)(eco|basic|standard-1x|standard-2x|performance-m|performance-l|performance-l-ram|performance-xl|performance-2xl)$", var.worker_dyno_size))
    error_message = "worker_dyno_size must be a Heroku Common Runtime dyno size such as basic or standard-2x."
  }
}

variable "worker_dyno_quantity" {
  description = "Number of worker dynos."
  type        = number
  default     = 1

  validation {
    condition     = var.worker_dyno_quantity >= 0 && var.worker_dyno_quantity <= 10 && floor(var.worker_dyno_quantity) == var.worker_dyno_quantity
    error_message = "worker_dyno_quantity must be a whole number from 0 to 10."
  }
}

variable "manage_formation" {
  description = "Whether Terraform scales the web and worker dynos. Heroku only accepts a formation once a release defines the process types, so the very first apply (before the first git push) runs with false; see README.md."
  type        = bool
  default     = true
}

variable "custom_domain" {
  description = "Custom hostname of the site (e.g. gallery.example.com), served with an Automated Certificate Management certificate; null uses the herokuapp.com URL."
  type        = string
  default     = null

  validation {
    condition     = var.custom_domain == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.custom_domain))
    error_message = "custom_domain must be a lowercase hostname without scheme or path, e.g. gallery.example.com."
  }
}

variable "log_drain_url" {
  description = "Optional syslog+tls:// or https:// log drain URL (Papertrail, Better Stack, Logtail...). It usually embeds a token, so it is sensitive. null: no drain."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.log_drain_url == null || can(regex("^(https|syslog\\+tls)://", var.log_drain_url))
    error_message = "log_drain_url must start with https:// or syslog+tls:// (log lines must not travel in clear text)."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of the app."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["fatal", "error", "warn", "info", "debug", "trace", "silent"], var.log_level)
    error_message = "log_level must be one of fatal, error, warn, info, debug, trace, silent."
  }
}

variable "database_pool_max" {
  description = "DATABASE_POOL_MAX: PostgreSQL connections per process. Keep (web + worker dynos) x this + a few for the release phase and psql under the plan's connection limit (essential-0: 20)."
  type        = number
  default     = 5

  validation {
    condition     = var.database_pool_max >= 1 && var.database_pool_max <= 100
    error_message = "database_pool_max must be from 1 to 100."
  }
}

variable "backup_retention" {
  description = "BACKUP_RETENTION: newest successful backups the app keeps (at least 3)."
  type        = number
  default     = 3

  validation {
    condition     = var.backup_retention >= 3 && floor(var.backup_retention) == var.backup_retention
    error_message = "backup_retention must be a whole number of at least 3."
  }
}

variable "session_idle_timeout_minutes" {
  description = "SESSION_IDLE_TIMEOUT_MINUTES: studio session idle timeout; Auth0's idle session lifetime is set to the same."
  type        = number
  default     = 120

  validation {
    condition     = var.session_idle_timeout_minutes >= 1 && floor(var.session_idle_timeout_minutes) == var.session_idle_timeout_minutes
    error_message = "session_idle_timeout_minutes must be a whole number of at least 1."
  }
}

variable "session_absolute_timeout_hours" {
  description = "SESSION_ABSOLUTE_TIMEOUT_HOURS: studio session absolute lifetime; Auth0's session lifetime is set to the same."
  type        = number
  default     = 12

  validation {
    condition     = var.session_absolute_timeout_hours >= 1 && floor(var.session_absolute_timeout_hours) == var.session_absolute_timeout_hours
    error_message = "session_absolute_timeout_hours must be a whole number of at least 1."
  }
}

variable "extra_config_vars" {
  description = "Further non-secret config vars for tuning (e.g. WORKER_CONCURRENCY, IMAGE_MAX_PIXELS, RATE_LIMIT_SEARCH_PER_MINUTE). Variables managed by this configuration always win over these."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.extra_config_vars) : can(regex("^[A-Z][A-Z0-9_]*$", k))])
    error_message = "extra_config_vars keys must be UPPER_SNAKE_CASE environment variable names."
  }
}

# ---------------------------------------------------------------------------------------------
# AWS (S3 + CloudFront)
# ---------------------------------------------------------------------------------------------

variable "aws_region" {
  description = "AWS region of the S3 buckets (AWS_REGION of the app)."
  type        = string
  default     = "eu-north-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region code such as eu-north-1."
  }
}

variable "bucket_prefix" {
  description = "Prefix of the three S3 bucket names (<prefix>-originals, -public, -backups). Bucket names are global across AWS; null uses app_name."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_prefix == null || can(regex("^[a-z0-9][a-z0-9-]{1,50}[a-z0-9]$", var.bucket_prefix))
    error_message = "bucket_prefix must be 3-52 characters of lowercase letters, digits and dashes."
  }
}

variable "tf_state_bucket" {
  description = "Name of the bucket holding this configuration's state (the backend's bucket, created by hand; CI passes vars.TF_STATE_BUCKET as TF_VAR_tf_state_bucket). The plan identity may read the state object in it."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.tf_state_bucket))
    error_message = "tf_state_bucket must be an S3 bucket name."
  }
}

variable "extra_cors_origins" {
  description = "Further https origins allowed to upload to the originals bucket (the site's own origin is always allowed)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.extra_cors_origins : can(regex("^https://[^/*]+$", o))])
    error_message = "extra_cors_origins must be https origins without path or wildcard, e.g. https://www.example.com."
  }
}

variable "upload_expiration_days" {
  description = "Days after which unfinished temporary uploads (uploads/ prefix in the originals bucket) are deleted by the S3 lifecycle."
  type        = number
  default     = 2

  validation {
    condition     = var.upload_expiration_days >= 1 && var.upload_expiration_days <= 30
    error_message = "upload_expiration_days must be from 1 to 30."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days a replaced or deleted object version (originals, public versions, backups) is kept before S3 removes it: the window for recovering from a mistaken delete."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650
    error_message = "noncurrent_version_expiration_days must be from 1 to 3650."
  }
}

variable "cloudfront_price_class" {
  description = "CloudFront price class: PriceClass_100 (Europe + North America, cheapest), PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.cloudfront_price_class)
    error_message = "cloudfront_price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

# ---------------------------------------------------------------------------------------------
# Auth0
# ---------------------------------------------------------------------------------------------

variable "auth0_domain" {
  description = "Auth0 tenant domain (e.g. copper-gallery.eu.auth0.com or a verified custom domain), without scheme. OIDC_ISSUER_URL becomes https://<domain>/."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.auth0_domain))
    error_message = "auth0_domain must be a hostname without scheme, e.g. copper-gallery.eu.auth0.com."
  }
}

variable "api_audience" {
  description = "Identifier (audience) of the Auth0 API the studio's access tokens are issued for (OIDC_AUDIENCE). Auth0 cannot change it later without recreating the API."
  type        = string
  default     = "https://api.copper-print-gallery"

  validation {
    condition     = can(regex("^https://[^\\s]+$", var.api_audience))
    error_message = "api_audience must be an https URI."
  }
}

variable "create_artist_user" {
  description = "Create the artist's Auth0 user (with the artist role). When false, create the user in the Auth0 dashboard and assign the artist role by hand."
  type        = bool
  default     = false
}

variable "artist_email" {
  description = "Email (sign-in name) of the artist's Auth0 user; required when create_artist_user is true."
  type        = string
  default     = null

  validation {
    condition     = var.artist_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.artist_email))
    error_message = "artist_email must be an email address."
  }
}

variable "artist_name" {
  description = "Display name of the artist's Auth0 user."
  type        = string
  default     = "The Artist"
}

variable "artist_password" {
  description = "Initial password of the artist's Auth0 user (at least 12 characters, three of: lower case, upper case, digits, symbols); the artist changes it after the first sign-in. Required when create_artist_user is true."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.artist_password == null ? true : length(var.artist_password) >= 12
    error_message = "artist_password must be at least 12 characters."
  }
}

variable "mail_domain" {
  description = "Domain the enquiry notification e-mails are sent from through Amazon SES (publish the mail_dns_records output in its DNS)."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.mail_domain))
    error_message = "mail_domain must be a lowercase domain name, e.g. example.com."
  }
}

variable "mail_from_address" {
  description = "Sender of the notification e-mails (MAIL_FROM), an address in mail_domain; null: gallery@<mail_domain>."
  type        = string
  default     = null

  validation {
    condition     = var.mail_from_address == null || can(regex("^[^@\\s]+@[^@\\s]+$", var.mail_from_address))
    error_message = "mail_from_address must be an e-mail address."
  }
}
