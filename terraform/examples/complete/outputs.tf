output "user_pool_id" {
  description = "Id of the new user pool."
  value       = module.user_pool.id
}

output "user_pool_arn" {
  description = "ARN of the new user pool."
  value       = module.user_pool.arn
}

output "client_id" {
  description = "Id of the app client (public client, code flow with PKCE)."
  value       = module.user_pool.client_id
}

output "hosted_ui_domain" {
  description = "Hosted UI domain (<prefix>.auth.<region>.amazoncognito.com)."
  value       = trimprefix(module.user_pool.hosted_ui_url, "https://")
}

output "idp_response_url" {
  description = "Redirect URI to register in Descope for this pool."
  value       = module.user_pool.idp_response_url
}

output "authorize_url" {
  description = "Open this in a browser to sign in with Descope through Cognito (code flow; the code arrives at the first callback URL)."
  value       = module.user_pool.authorize_urls[local.provider_name]
}

output "trigger_arn" {
  description = "ARN the pool's Pre sign-up trigger points at."
  value       = module.merge_trigger.trigger_arn
}

output "function_arn" {
  description = "Unqualified ARN of the trigger function."
  value       = module.merge_trigger.function_arn
}

output "function_name" {
  description = "Name of the trigger function (logs in /aws/lambda/<name>)."
  value       = module.merge_trigger.function_name
}

output "identity_provider_name" {
  description = "Name of the Descope identity provider in the pool."
  value       = module.descope.provider_name
}

output "alarm_names" {
  description = "CloudWatch alarms on the trigger, by key (empty when monitoring_enabled = false)."
  value       = var.monitoring_enabled ? module.monitoring[0].alarm_names : {}
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the trigger (null when monitoring_enabled = false)."
  value       = var.monitoring_enabled ? module.monitoring[0].dashboard_name : null
}

output "cognito_passkeys" {
  description = "What is on for Cognito's own passkeys (enabled, feature plan, first factors, relying party, user verification, ALLOW_USER_AUTH, managed login version) and, with managed login, the one-time branding command to run after apply."
  value       = module.user_pool.cognito_passkeys
}

output "self_service_link_url" {
  description = "POST endpoint of self-service linking (null when self_service_link_enabled = false)."
  value       = one(module.self_service_link[*].url)
}

output "self_service_client_id" {
  description = "App client the application signs the person in with (password, COGNITO only) before it calls the endpoint; null when off."
  value       = one(aws_cognito_user_pool_client.self_service[*].id)
}

output "self_service_function_name" {
  description = "Name of the self-service link function (null when off)."
  value       = one(module.self_service_link[*].function_name)
}
