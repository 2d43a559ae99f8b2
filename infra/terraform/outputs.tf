output "app_name" {
  description = "Heroku app name (for heroku CLI commands and the git remote)."
  value       = module.heroku_app.name
}

output "app_url" {
  description = "Public base URL of the site (PUBLIC_URL)."
  value       = local.public_url
}

output "heroku_web_url" {
  description = "The app's herokuapp.com URL (works even before DNS for a custom domain is in place)."
  value       = module.heroku_app.web_url
}

output "heroku_git_url" {
  description = "Git remote for deploys (git push <url> HEAD:main)."
  value       = module.heroku_app.git_url
}

output "custom_domain_dns_target" {
  description = "DNS target for the custom domain: create a CNAME (or ALIAS/ANAME at the apex) from custom_domain to this value. null without a custom domain."
  value       = module.heroku_app.custom_domain_dns_target
}

output "cdn_domain" {
  description = "CloudFront domain serving the public image versions."
  value       = module.storage.cdn_domain
}

output "cdn_url" {
  description = "CDN_URL of the app."
  value       = module.storage.cdn_url
}

output "cloudfront_distribution_id" {
  description = "CloudFront distribution id (for invalidations)."
  value       = module.storage.cloudfront_distribution_id
}

output "originals_bucket" {
  description = "Private bucket for originals and temporary uploads."
  value       = module.storage.originals_bucket
}

output "public_bucket" {
  description = "Private bucket for public versions, readable only by CloudFront."
  value       = module.storage.public_bucket
}

output "backups_bucket" {
  description = "Separate private bucket for backups."
  value       = module.storage.backups_bucket
}

output "app_iam_user" {
  description = "IAM user whose access key the app uses for S3."
  value       = module.storage.iam_user_name
}

output "app_access_key_id" {
  description = "Access key id of the app's IAM user (also set as AWS_ACCESS_KEY_ID on Heroku)."
  value       = module.storage.app_access_key_id
  sensitive   = true
}

output "auth0_client_id" {
  description = "Client id of the Auth0 studio application (OIDC_CLIENT_ID)."
  value       = module.auth.client_id
}

output "oidc_issuer_url" {
  description = "OIDC_ISSUER_URL of the app."
  value       = local.oidc_issuer_url
}

output "api_audience" {
  description = "OIDC_AUDIENCE: identifier of the Auth0 API."
  value       = module.auth.api_audience
}

output "auth0_connection_name" {
  description = "Name of the Auth0 database connection the artist signs in with."
  value       = module.auth.connection_name
}

output "artist_role_id" {
  description = "Id of the Auth0 artist role (assign it to the artist's user when Terraform does not create the user)."
  value       = module.auth.artist_role_id
}

output "plan_aws_access_key_id" {
  description = "Access key id of the read-only plan identity (GitHub repository secret TF_PLAN_AWS_ACCESS_KEY_ID)."
  value       = module.plan_identity.aws_access_key_id
  sensitive   = true
}

output "plan_aws_secret_access_key" {
  description = "Secret key of the read-only plan identity (TF_PLAN_AWS_SECRET_ACCESS_KEY)."
  value       = module.plan_identity.aws_secret_access_key
  sensitive   = true
}

output "plan_auth0_client_id" {
  description = "Client id of the read-only plan application in Auth0 (TF_PLAN_AUTH0_CLIENT_ID)."
  value       = module.plan_identity.auth0_client_id
}

output "plan_auth0_client_secret" {
  description = "Client secret of the read-only plan application in Auth0 (TF_PLAN_AUTH0_CLIENT_SECRET)."
  value       = module.plan_identity.auth0_client_secret
  sensitive   = true
}

output "mail_dns_records" {
  description = "DNS records the SES identity needs (verification TXT and DKIM CNAMEs): publish them where mail_domain's DNS lives."
  value       = module.mail.dns_records
}
