output "aws_access_key_id" {
  description = "Access key id of the plan's IAM user (TF_PLAN_AWS_ACCESS_KEY_ID)."
  value       = aws_iam_access_key.plan.id
  sensitive   = true
}

output "aws_secret_access_key" {
  description = "Secret access key of the plan's IAM user (TF_PLAN_AWS_SECRET_ACCESS_KEY)."
  value       = aws_iam_access_key.plan.secret
  sensitive   = true
}

output "auth0_client_id" {
  description = "Client id of the plan's Auth0 machine-to-machine application (TF_PLAN_AUTH0_CLIENT_ID)."
  value       = auth0_client.plan.client_id
}

output "auth0_client_secret" {
  description = "Client secret of the plan's Auth0 application (TF_PLAN_AUTH0_CLIENT_SECRET)."
  value       = auth0_client_credentials.plan.client_secret
  sensitive   = true
}
