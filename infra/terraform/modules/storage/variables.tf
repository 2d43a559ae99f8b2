variable "bucket_prefix" {
  description = "Prefix of the bucket names: <prefix>-originals, <prefix>-public, <prefix>-backups."
  type        = string
}

variable "iam_user_name" {
  description = "Name of the IAM user the app uses for S3."
  type        = string
}

variable "cors_allowed_origins" {
  description = "Site origins allowed to upload to the originals bucket from the browser (signed PUT/POST)."
  type        = list(string)

  validation {
    condition     = length(var.cors_allowed_origins) > 0
    error_message = "At least one origin (the site's own) is required."
  }
}

variable "upload_prefix" {
  description = "Key prefix of temporary uploads in the originals bucket."
  type        = string
  default     = "uploads/"

  validation {
    condition     = can(regex("^[a-z0-9-]+/$", var.upload_prefix))
    error_message = "upload_prefix must be a single folder name ending with a slash, e.g. uploads/."
  }
}

variable "upload_expiration_days" {
  description = "Days after which temporary uploads expire."
  type        = number
  default     = 2
}

variable "noncurrent_version_expiration_days" {
  description = "Days noncurrent (replaced or deleted) object versions are kept."
  type        = number
  default     = 30
}

variable "cloudfront_price_class" {
  description = "CloudFront price class."
  type        = string
  default     = "PriceClass_100"
}
