# Self-service linking (docs/self-service-link.md): an HTTPS endpoint where a person who just signed in with their
# password adds their Descope sign-in themselves. Off unless self_service_link_enabled = true. Kept in its own file
# so the rest of the example reads as before.

# The client whose ID tokens prove the native sign-in: COGNITO only, so a sign-in through Descope (or any IdP) can never
# produce a token for it. SRP only, no hosted UI, no secret (a browser or mobile app). It may write no custom:merge_*
# attribute (docs/trust-model.md: only the operator's unlink and link write custom:merge_unlinked).
resource "aws_cognito_user_pool_client" "self_service" {
  count = var.self_service_link_enabled ? 1 : 0

  name         = "${var.name}-self-service-native"
  user_pool_id = module.user_pool.id

  supported_identity_providers  = ["COGNITO"]
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  generate_secret               = false
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  write_attributes              = ["name"]
}

module "self_service_link" {
  source = "../../modules/self-service-link"
  count  = var.self_service_link_enabled ? 1 : 0

  function_name         = "${var.name}-self-service-link"
  function_zip_path     = var.function_zip_path
  runtime               = var.runtime
  architecture          = var.architecture
  log_retention_in_days = var.log_retention_in_days

  user_pool_arn   = module.user_pool.arn
  client_ids      = [aws_cognito_user_pool_client.self_service[0].id]
  allowed_origins = var.self_service_allowed_origins

  merge_provider_names = [local.provider_name]
  identity_providers = {
    (local.provider_name) = { issuer = local.issuer_url, audience = [var.descope_project_id] }
  }
}

