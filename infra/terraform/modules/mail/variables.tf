variable "mail_domain" {
  description = "Domain the notification e-mails are sent from (an SES domain identity with DKIM)."
  type        = string
}

variable "from_address" {
  description = "Sender address of the notification e-mails, in mail_domain; the SMTP identity may send from it only."
  type        = string
}

variable "iam_user_name" {
  description = "Name of the IAM user whose access key signs in to the SES SMTP interface."
  type        = string
}
