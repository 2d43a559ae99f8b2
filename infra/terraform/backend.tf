# Remote state in S3, encrypted at rest, locked with an S3 lock file (Terraform >= 1.10).
#
# Partial configuration: the bucket and region are account specific and are passed at init time,
# so nothing about the operator's account is committed:
#
#   terraform init \
#     -backend-config="bucket=<state bucket>" \
#     -backend-config="region=<state bucket region>"
#
# The state bucket is created once by hand (see README.md, "Bootstrap"); it is not managed by
# this configuration because the state cannot live in a bucket the same state creates.
# CI runs `terraform init -backend=false` for validation and the full init for plan/apply.
terraform {
  backend "s3" {
    key          = "copper-print-gallery/production.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
