output "smtp_host" {
  description = "SES SMTP endpoint of the region (port 587 with STARTTLS)."
  value       = "email-smtp.${data.aws_region.current.name}.amazonaws.com"
}

output "smtp_username" {
  description = "SMTP user name: the access key id of the SMTP IAM user."
  value       = aws_iam_access_key.smtp.id
  sensitive   = true
}

output "smtp_password" {
  description = "SMTP password derived from the SMTP IAM user's secret key (SigV4)."
  value       = aws_iam_access_key.smtp.ses_smtp_password_v4
  sensitive   = true
}

output "mail_from" {
  description = "Sender address of the notification e-mails."
  value       = var.from_address
}

output "dns_records" {
  description = "DNS records to publish for the SES identity: domain verification (TXT) and the three DKIM CNAMEs."
  value = concat(
    [{ name = "_amazonses.${var.mail_domain}", type = "TXT", value = aws_ses_domain_identity.this.verification_token }],
    [for token in aws_ses_domain_dkim.this.dkim_tokens : { name = "${token}._domainkey.${var.mail_domain}", type = "CNAME", value = "${token}.dkim.amazonses.com" }],
  )
}
