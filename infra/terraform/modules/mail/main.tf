# E-mail to the artist about enquiries (issue 18): an Amazon SES domain identity with Easy DKIM, and an
# SMTP identity of its own whose only permission is ses:SendRawEmail from that identity, with the
# gallery's sender address. SES's SMTP interface signs in with the IAM access key id as user name and
# a password derived from the secret key (ses_smtp_password_v4). The DNS records SES needs are
# outputs: add them where the domain's DNS lives. A new SES account is in the sandbox until AWS
# approves production access; in the sandbox, verify the artist's address as well.

data "aws_region" "current" {}

resource "aws_ses_domain_identity" "this" {
  domain = var.mail_domain
}

resource "aws_ses_domain_dkim" "this" {
  domain = aws_ses_domain_identity.this.domain
}

resource "aws_iam_user" "smtp" {
  name = var.iam_user_name
  path = "/copper-print-gallery/"
}

data "aws_iam_policy_document" "smtp" {
  statement {
    sid       = "SendFromTheGalleryIdentity"
    effect    = "Allow"
    actions   = ["ses:SendRawEmail"]
    resources = [aws_ses_domain_identity.this.arn]

    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = [var.from_address]
    }
  }
}

resource "aws_iam_user_policy" "smtp" {
  name   = "${var.iam_user_name}-send"
  user   = aws_iam_user.smtp.name
  policy = data.aws_iam_policy_document.smtp.json
}

resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}
