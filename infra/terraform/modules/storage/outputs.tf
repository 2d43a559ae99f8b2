output "originals_bucket" {
  description = "Name of the originals bucket."
  value       = aws_s3_bucket.originals.bucket
}

output "public_bucket" {
  description = "Name of the public versions bucket."
  value       = aws_s3_bucket.public.bucket
}

output "backups_bucket" {
  description = "Name of the backups bucket."
  value       = aws_s3_bucket.backups.bucket
}

output "bucket_arns" {
  description = "ARNs of the three buckets."
  value       = [aws_s3_bucket.originals.arn, aws_s3_bucket.public.arn, aws_s3_bucket.backups.arn]
}

output "cdn_domain" {
  description = "CloudFront domain name of the public versions distribution."
  value       = aws_cloudfront_distribution.public.domain_name
}

output "cdn_url" {
  description = "https URL of the CloudFront distribution, no trailing slash."
  value       = "https://${aws_cloudfront_distribution.public.domain_name}"
}

output "cloudfront_distribution_id" {
  description = "CloudFront distribution id."
  value       = aws_cloudfront_distribution.public.id
}

output "iam_user_name" {
  description = "Name of the app's IAM user."
  value       = aws_iam_user.app.name
}

output "app_access_key_id" {
  description = "Access key id of the app's IAM user."
  value       = aws_iam_access_key.app.id
  sensitive   = true
}

output "app_secret_access_key" {
  description = "Secret access key of the app's IAM user."
  value       = aws_iam_access_key.app.secret
  sensitive   = true
}
