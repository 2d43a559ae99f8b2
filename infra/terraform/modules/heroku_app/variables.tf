variable "name" {
  description = "Heroku app name."
  type        = string
}

variable "region" {
  description = "Heroku region (eu or us)."
  type        = string
}

variable "team" {
  description = "Heroku team owning the app; null for a personal app."
  type        = string
  default     = null
}

variable "stack" {
  description = "Heroku stack, e.g. heroku-24."
  type        = string
}

variable "postgres_plan" {
  description = "Heroku Postgres plan; the add-on sets DATABASE_URL on the app."
  type        = string
}

variable "manage_formation" {
  description = "Whether to manage the web and worker formation (false until the first release defines the process types)."
  type        = bool
  default     = true
}

variable "web_dyno_size" {
  description = "Dyno size of the web process."
  type        = string
}

variable "web_dyno_quantity" {
  description = "Number of web dynos."
  type        = number
}

variable "worker_dyno_size" {
  description = "Dyno size of the worker process."
  type        = string
}

variable "worker_dyno_quantity" {
  description = "Number of worker dynos."
  type        = number
}

variable "custom_domain" {
  description = "Custom hostname served with an ACM certificate; null for none."
  type        = string
  default     = null
}

variable "log_drain_url" {
  description = "Log drain URL (may embed a token); null for none."
  type        = string
  default     = null
  sensitive   = true
}

variable "config_vars" {
  description = "Non-secret config vars managed by Terraform."
  type        = map(string)
}

variable "sensitive_config_vars" {
  description = "Secret config vars (redacted in plans)."
  type        = map(string)
  sensitive   = true
}

variable "extra_config_vars" {
  description = "Further non-secret tuning vars; config_vars win on conflicts."
  type        = map(string)
  default     = {}
}
