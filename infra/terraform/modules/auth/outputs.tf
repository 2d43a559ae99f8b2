output "client_id" {
  description = "Client id of the studio application (OIDC_CLIENT_ID)."
  value       = auth0_client.studio.client_id
}

output "client_secret" {
  description = "Client secret of the studio application (OIDC_CLIENT_SECRET)."
  value       = auth0_client_credentials.studio.client_secret
  sensitive   = true
}

output "api_audience" {
  description = "Identifier of the API (OIDC_AUDIENCE)."
  value       = auth0_resource_server.api.identifier
}

output "connection_name" {
  description = "Name of the artist database connection."
  value       = auth0_connection.artists.name
}

output "artist_role_id" {
  description = "Id of the artist role."
  value       = auth0_role.artist.id
}

output "artist_user_id" {
  description = "Auth0 user id of the artist, or null when the user is managed by hand."
  value       = var.create_artist_user ? auth0_user.artist[0].id : null
}
