# Auth0 tenant settings, the studio's regular web application, the artist database connection with a
# strict password policy, MFA (OTP) for every sign-in, attack protection, and the API whose access
# tokens carry the artist's permissions (RBAC, "permissions" claim).

# New applications must not be enabled on every existing connection (e.g. the default
# Username-Password-Authentication, which would accept sign-ups): connections are enabled explicitly.
resource "auth0_tenant" "this" {
  # The Auth0 session ends with the studio session it opened (idle and absolute), so signing in after a studio
  # timeout asks for the password again; the app also sends prompt=login / max_age=0 then (docs/security.md).
  session_lifetime      = var.session_lifetime_hours
  idle_session_lifetime = var.idle_session_lifetime_hours

  flags {
    enable_client_connections = false
  }
}

# --- API (resource server) and the artist role ------------------------------------------------

resource "auth0_resource_server" "api" {
  name        = "${var.name} artist API"
  identifier  = var.api_audience
  signing_alg = "RS256"

  # RBAC: permissions of the user's roles are added to access tokens as the "permissions" claim.
  enforce_policies = true
  token_dialect    = "access_token_authz"

  # The app never asks for refresh tokens (offline_access): a studio session ends with a new sign-in.
  allow_offline_access                            = false
  token_lifetime                                  = 3600
  skip_consent_for_verifiable_first_party_clients = true
}

resource "auth0_resource_server_scopes" "api" {
  resource_server_identifier = auth0_resource_server.api.identifier

  scopes {
    name        = var.required_permission
    description = "Use the studio and the artist API; backups and takedown notices also need the site-owner role in the app (npm run artist -- create --owner)"
  }
}

resource "auth0_role" "artist" {
  name        = "artist"
  description = "The printmaker: the studio and the artist API (the app's site-owner role adds backups and takedown notices)"
}

resource "auth0_role_permissions" "artist" {
  role_id = auth0_role.artist.id

  permissions {
    name                       = var.required_permission
    resource_server_identifier = auth0_resource_server.api.identifier
  }

  depends_on = [auth0_resource_server_scopes.api]
}

# --- the studio application -------------------------------------------------------------------

resource "auth0_client" "studio" {
  name            = "${var.name} studio"
  description     = "Studio of the Copper Print Gallery (server-side authorization code flow with PKCE)"
  app_type        = "regular_web"
  is_first_party  = true
  oidc_conformant = true

  callbacks           = ["${var.public_url}/studio/auth/callback"]
  allowed_logout_urls = ["${var.public_url}/studio/signed-out"]
  # Only the authorization code flow: the app uses no refresh tokens, so none can be issued or leaked.
  grant_types       = ["authorization_code"]
  cross_origin_auth = false

  jwt_configuration {
    alg = "RS256"
  }

  depends_on = [auth0_tenant.this]
}

# The client secret (OIDC_CLIENT_SECRET). The app authenticates at the token endpoint with
# client_secret_post. Rotation: see docs/deploy.md.
resource "auth0_client_credentials" "studio" {
  client_id             = auth0_client.studio.id
  authentication_method = "client_secret_post"
}

# --- the artist's database connection -----------------------------------------------------------

resource "auth0_connection" "artists" {
  name     = var.connection_name
  strategy = "auth0"

  options {
    # "excellent": at least three of lower case, upper case, digits and symbols, and no more than
    # two identical characters in a row; the minimum length is raised to 12 below.
    password_policy = "excellent"

    password_complexity_options {
      min_length = 12
    }

    password_history {
      enable = true
      size   = 5
    }

    password_dictionary {
      enable     = true
      dictionary = []
    }

    password_no_personal_info {
      enable = true
    }

    brute_force_protection = true
    disable_signup         = true
    requires_username      = false
  }
}

resource "auth0_connection_clients" "artists" {
  connection_id   = auth0_connection.artists.id
  enabled_clients = [auth0_client.studio.id]
}

# --- MFA and attack protection (tenant wide) ----------------------------------------------------

# Every sign-in requires a second factor: a one-time password app, with recovery codes.
resource "auth0_guardian" "mfa" {
  policy        = "all-applications"
  otp           = true
  recovery_code = true
}

resource "auth0_attack_protection" "this" {
  brute_force_protection {
    enabled      = true
    mode         = "count_per_identifier_and_ip"
    max_attempts = 10
    shields      = ["block", "user_notification"]
  }

  breached_password_detection {
    enabled                      = true
    method                       = "standard"
    shields                      = ["block", "user_notification", "admin_notification"]
    admin_notification_frequency = ["immediately"]

    pre_user_registration {
      shields = ["block"]
    }
  }

  suspicious_ip_throttling {
    enabled = true
    shields = ["block", "admin_notification"]

    pre_login {
      max_attempts = 100
      rate         = 864000
    }

    pre_user_registration {
      max_attempts = 50
      rate         = 1200
    }
  }
}

# --- optional: the artist's user --------------------------------------------------------------

resource "auth0_user" "artist" {
  count = var.create_artist_user ? 1 : 0

  connection_name = auth0_connection.artists.name
  email           = var.artist_email
  name            = var.artist_name
  password        = var.artist_password
  email_verified  = true

  lifecycle {
    # The artist changes the initial password; Terraform must not reset it.
    ignore_changes = [password]

    precondition {
      condition     = var.artist_email != null && var.artist_password != null
      error_message = "create_artist_user needs artist_email and artist_password."
    }
  }
}

resource "auth0_user_roles" "artist" {
  count = var.create_artist_user ? 1 : 0

  user_id = auth0_user.artist[0].id
  roles   = [auth0_role.artist.id]
}
