output "trigger_arn" {
  description = "ARN the pool's Pre sign-up trigger points at."
  value       = module.merge_trigger.trigger_arn
}

output "function_name" {
  description = "Name of the trigger function."
  value       = module.merge_trigger.function_name
}

output "identity_provider_name" {
  description = "Name of the identity provider to add to your app client's supported identity providers."
  value       = module.descope.provider_name
}

output "idp_response_url" {
  description = "Redirect URI to register in Descope, if the pool has a Cognito prefix domain (null otherwise: use https://<your custom domain>/oauth2/idpresponse)."
  value       = data.aws_cognito_user_pool.existing.domain == null || data.aws_cognito_user_pool.existing.domain == "" ? null : "https://${data.aws_cognito_user_pool.existing.domain}.auth.${var.region}.amazoncognito.com/oauth2/idpresponse"
}

output "alarm_names" {
  description = "CloudWatch alarms on the trigger, by key (empty when monitoring_enabled = false)."
  value       = var.monitoring_enabled ? module.monitoring[0].alarm_names : {}
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the trigger (null when monitoring_enabled = false)."
  value       = var.monitoring_enabled ? module.monitoring[0].dashboard_name : null
}

output "self_service_link_url" {
  description = "POST endpoint of self-service linking (null when self_service_link_enabled = false)."
  value       = one(module.self_service_link[*].url)
}
