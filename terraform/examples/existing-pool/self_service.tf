# Self-service linking (docs/self-service-link.md): off unless self_service_link_enabled = true. The existing pool
# keeps its clients: name the one(s) your application signs people in with by password (best a client whose supported
# identity providers are COGNITO only, so no federated sign-in's token can carry its id).

module "self_service_link" {
  source = "../../modules/self-service-link"
  count  = var.self_service_link_enabled ? 1 : 0

  function_name         = "${var.function_name}-self-service"
  function_zip_path     = var.function_zip_path
  runtime               = var.runtime
  architecture          = var.architecture
  log_retention_in_days = var.log_retention_in_days

  user_pool_arn   = data.aws_cognito_user_pool.existing.arn
  client_ids      = var.self_service_client_ids
  allowed_origins = var.self_service_allowed_origins

  merge_provider_names = [local.provider_name]
  identity_providers = {
    (local.provider_name) = {
      issuer   = coalesce(var.descope_issuer_url, "https://api.descope.com/${var.descope_project_id}")
      audience = [var.descope_project_id]
    }
  }
}

