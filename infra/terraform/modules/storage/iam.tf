# The app's own identity: an IAM user whose only permissions are object read/write/delete and
# listing on exactly the three project buckets. No wildcard actions, no other resources, no
# s3:DeleteObjectVersion (history stays recoverable), no bucket or policy administration.
# s3:AbortMultipartUpload lets the SDK clean up a failed multipart upload (large backups).

resource "aws_iam_user" "app" {
  name = var.iam_user_name
  path = "/copper-print-gallery/"
}

data "aws_iam_policy_document" "app" {
  statement {
    sid    = "ObjectReadWrite"
    effect = "Allow"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
    ]
    resources = [
      "${aws_s3_bucket.originals.arn}/*",
      "${aws_s3_bucket.public.arn}/*",
      "${aws_s3_bucket.backups.arn}/*",
    ]
  }

  statement {
    sid     = "ListProjectBuckets"
    effect  = "Allow"
    actions = ["s3:ListBucket"]
    resources = [
      aws_s3_bucket.originals.arn,
      aws_s3_bucket.public.arn,
      aws_s3_bucket.backups.arn,
    ]
  }
}

resource "aws_iam_user_policy" "app" {
  name   = "gallery-buckets"
  user   = aws_iam_user.app.name
  policy = data.aws_iam_policy_document.app.json
}

# Rotate with: terraform apply -replace=module.storage.aws_iam_access_key.app (see docs/deploy.md).
# create_before_destroy: on rotation the new key is created and handed to Heroku before the old
# one is deleted, so the app never runs with a deleted key.
resource "aws_iam_access_key" "app" {
  user = aws_iam_user.app.name

  lifecycle {
    create_before_destroy = true
  }
}
