variable "name" {
  description = "Name shown for the application and API in Auth0."
  type        = string
}

variable "public_url" {
  description = "Public base URL of the site, no trailing slash; callback and logout URLs derive from it."
  type        = string
}

variable "api_audience" {
  description = "Identifier (audience) of the Auth0 API."
  type        = string
}

variable "required_permission" {
  description = "Permission the artist API requires; granted to the artist role."
  type        = string
  default     = "manage:gallery"
}

variable "session_lifetime_hours" {
  description = "Auth0 session lifetime in hours (the studio's absolute session timeout)."
  type        = number
}

variable "idle_session_lifetime_hours" {
  description = "Auth0 idle session lifetime in hours (the studio's idle timeout)."
  type        = number
}

variable "connection_name" {
  description = "Name of the Auth0 database connection the artist signs in with."
  type        = string
  default     = "copper-print-gallery-artists"
}

variable "create_artist_user" {
  description = "Create the artist's user in the database connection, with the artist role."
  type        = bool
  default     = false
}

variable "artist_email" {
  description = "Email of the artist's user (when create_artist_user)."
  type        = string
  default     = null
}

variable "artist_name" {
  description = "Display name of the artist's user."
  type        = string
  default     = "The Artist"
}

variable "artist_password" {
  description = "Initial password of the artist's user (when create_artist_user)."
  type        = string
  default     = null
  sensitive   = true
}
