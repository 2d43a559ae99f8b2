variable "name" {
  description = "Prefix of the plan identity's names (the app name)."
  type        = string
}

variable "iam_path" {
  description = "IAM path of the project's users; the plan identity reads the users under it."
  type        = string
  default     = "/copper-print-gallery/"
}

variable "state_bucket" {
  description = "Bucket holding the Terraform state (created by hand, see README.md)."
  type        = string
}

variable "state_object" {
  description = "Key of the state object in the state bucket (backend.tf)."
  type        = string
}

variable "bucket_arns" {
  description = "ARNs of the project's buckets, whose settings a plan reads (never their objects)."
  type        = list(string)
}

variable "cloudfront_distribution_id" {
  description = "Id of the CloudFront distribution a plan reads."
  type        = string
}

variable "auth0_domain" {
  description = "Auth0 tenant domain; the plan's machine-to-machine application reads its Management API."
  type        = string
}
