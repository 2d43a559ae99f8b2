output "id" {
  description = "Heroku app id (UUID)."
  value       = heroku_app.this.id
}

output "name" {
  description = "Heroku app name."
  value       = heroku_app.this.name
}

output "web_url" {
  description = "The app's herokuapp.com URL (with a trailing slash)."
  value       = heroku_app.this.web_url
}

output "git_url" {
  description = "Git URL to push releases to."
  value       = heroku_app.this.git_url
}

output "custom_domain_dns_target" {
  description = "CNAME target for the custom domain, or null."
  value       = var.custom_domain == null ? null : heroku_domain.custom[0].cname
}

output "postgres_addon_name" {
  description = "Name of the Heroku Postgres add-on (for heroku pg:* commands)."
  value       = heroku_addon.postgres.name
}
