# The identity of the pull-request `terraform plan` job: it can read what a plan refreshes and
# nothing else. No write, create or delete action anywhere; no object of the gallery's buckets
# (originals, public versions, backups) is readable; the state object is, and only it. The plan
# runs with -lock=false, so it needs no write to the state bucket either. Apply keeps its own
# credentials in the protected "production" GitHub environment (see README.md, "The pipeline").
# Heroku tokens cannot be scoped by Terraform: the plan's token is a read-only authorization made
# with the Heroku CLI (README.md).

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

resource "aws_iam_user" "plan" {
  name = "${var.name}-terraform-plan"
  path = var.iam_path
}

data "aws_iam_policy_document" "plan" {
  statement {
    sid       = "ReadState"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${var.state_bucket}/${var.state_object}"]
  }

  statement {
    sid       = "ListState"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::${var.state_bucket}"]
  }

  # Bucket settings only (aws_s3_bucket and its configuration resources); s3:ListBucket is what
  # HeadBucket needs.
  statement {
    sid    = "ReadBucketSettings"
    effect = "Allow"
    actions = [
      "s3:ListBucket",
      "s3:GetBucketLocation",
      "s3:GetBucketPolicy",
      "s3:GetBucketAcl",
      "s3:GetBucketCORS",
      "s3:GetBucketWebsite",
      "s3:GetBucketVersioning",
      "s3:GetAccelerateConfiguration",
      "s3:GetBucketRequestPayment",
      "s3:GetBucketLogging",
      "s3:GetLifecycleConfiguration",
      "s3:GetReplicationConfiguration",
      "s3:GetEncryptionConfiguration",
      "s3:GetBucketObjectLockConfiguration",
      "s3:GetBucketTagging",
      "s3:GetBucketOwnershipControls",
      "s3:GetBucketPublicAccessBlock",
    ]
    resources = var.bucket_arns
  }

  statement {
    sid    = "ReadProjectUsers"
    effect = "Allow"
    actions = [
      "iam:GetUser",
      "iam:GetUserPolicy",
      "iam:ListUserPolicies",
      "iam:ListAttachedUserPolicies",
      "iam:ListAccessKeys",
      "iam:ListUserTags",
    ]
    resources = ["arn:aws:iam::${local.account_id}:user${var.iam_path}*"]
  }

  statement {
    sid    = "ReadDistribution"
    effect = "Allow"
    actions = [
      "cloudfront:GetDistribution",
      "cloudfront:GetDistributionConfig",
      "cloudfront:ListTagsForResource",
    ]
    resources = ["arn:aws:cloudfront::${local.account_id}:distribution/${var.cloudfront_distribution_id}"]
  }

  statement {
    sid    = "ReadDistributionPolicies"
    effect = "Allow"
    actions = [
      "cloudfront:GetOriginAccessControl",
      "cloudfront:GetCachePolicy",
      "cloudfront:GetResponseHeadersPolicy",
    ]
    resources = [
      "arn:aws:cloudfront::${local.account_id}:origin-access-control/*",
      "arn:aws:cloudfront::${local.account_id}:cache-policy/*",
      "arn:aws:cloudfront::${local.account_id}:response-headers-policy/*",
    ]
  }
}

resource "aws_iam_user_policy" "plan" {
  name   = "terraform-plan-read-only"
  user   = aws_iam_user.plan.name
  policy = data.aws_iam_policy_document.plan.json
}

# Rotate with: terraform apply -replace=module.plan_identity.aws_iam_access_key.plan, then update
# the TF_PLAN_AWS_* repository secrets.
resource "aws_iam_access_key" "plan" {
  user = aws_iam_user.plan.name
}

# --- Auth0: a machine-to-machine application with read scopes of the Management API -------------

resource "auth0_client" "plan" {
  name        = "${var.name} terraform plan"
  description = "Read-only Management API access for the pull-request terraform plan"
  app_type    = "non_interactive"
  grant_types = ["client_credentials"]
}

resource "auth0_client_credentials" "plan" {
  client_id             = auth0_client.plan.id
  authentication_method = "client_secret_post"
}

resource "auth0_client_grant" "plan" {
  client_id = auth0_client.plan.id
  audience  = "https://${var.auth0_domain}/api/v2/"
  # What refreshing the auth module reads; nothing that creates, updates or deletes.
  scopes = [
    "read:tenant_settings",
    "read:resource_servers",
    "read:roles",
    "read:clients",
    "read:client_keys",
    "read:client_credentials",
    "read:client_grants",
    "read:connections",
    "read:users",
    "read:guardian_factors",
    "read:mfa_policies",
    "read:attack_protection",
  ]
}
