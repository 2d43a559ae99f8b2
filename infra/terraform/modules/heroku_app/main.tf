resource "heroku_app" "this" {
  name       = var.name
  region     = var.region
  stack      = var.stack
  buildpacks = ["heroku/nodejs"]

  # Automated Certificate Management issues and renews the custom domain's certificate.
  acm = var.custom_domain != null

  dynamic "organization" {
    for_each = var.team == null ? [] : [var.team]
    content {
      name = organization.value
    }
  }
}

# Sets DATABASE_URL on the app (the app connects with DATABASE_SSL=no-verify, as Heroku requires).
resource "heroku_addon" "postgres" {
  app_id = heroku_app.this.id
  plan   = var.postgres_plan
}

# All config vars live here (none on heroku_app), so there is a single owner for each variable.
resource "heroku_app_config_association" "this" {
  app_id = heroku_app.this.id

  vars           = merge(var.extra_config_vars, var.config_vars)
  sensitive_vars = var.sensitive_config_vars
}

# Heroku only accepts a formation for process types defined by the current release (Procfile).
resource "heroku_formation" "web" {
  count = var.manage_formation ? 1 : 0

  app_id   = heroku_app.this.id
  type     = "web"
  quantity = var.web_dyno_quantity
  size     = var.web_dyno_size

  depends_on = [heroku_app_config_association.this, heroku_addon.postgres]

  lifecycle {
    precondition {
      condition     = !(contains(["eco", "basic"], lower(var.web_dyno_size)) && var.web_dyno_quantity > 1)
      error_message = "Eco and basic dynos run at most one dyno per process type; choose standard-1x or larger to scale web out."
    }
  }
}

resource "heroku_formation" "worker" {
  count = var.manage_formation ? 1 : 0

  app_id   = heroku_app.this.id
  type     = "worker"
  quantity = var.worker_dyno_quantity
  size     = var.worker_dyno_size

  depends_on = [heroku_app_config_association.this, heroku_addon.postgres]

  lifecycle {
    precondition {
      condition     = !(contains(["eco", "basic"], lower(var.worker_dyno_size)) && var.worker_dyno_quantity > 1)
      error_message = "Eco and basic dynos run at most one dyno per process type; choose standard-1x or larger to scale workers out."
    }
  }
}

resource "heroku_domain" "custom" {
  count = var.custom_domain == null ? 0 : 1

  app_id   = heroku_app.this.id
  hostname = var.custom_domain
}

# Optional log drain; the URL is treated as a secret (drain URLs usually carry a token).
resource "heroku_drain" "logs" {
  count = nonsensitive(var.log_drain_url != null) ? 1 : 0

  app_id        = heroku_app.this.id
  sensitive_url = var.log_drain_url
}
