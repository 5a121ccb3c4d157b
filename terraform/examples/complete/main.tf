# A new user pool with the Descope OIDC provider and the merge trigger.
#
# Wiring, and why there is no cycle: the function's configuration never mentions the pool (the handler reads
# event.userPoolId), so Terraform creates role, log group and function first, then the pool with
# lambda_config.pre_sign_up = the function, then the IAM policy and the invoke permission, which name the pool ARN.
# Modules are not single nodes in Terraform's graph: each input and output is wired separately, which is what lets
# merge_trigger feed user_pool and user_pool feed merge_trigger. Never put depends_on on these module blocks.

locals {
  # Literals shared by the pool, the provider and the function. The function gets them as literals and not as module
  # outputs: an output of the descope or user_pool module would make the function depend on the pool.
  provider_name          = "Descope"
  subject_attribute_name = "idp_sub"
  issuer_url             = coalesce(var.descope_issuer_url, "https://api.descope.com/${var.descope_project_id}")
}

module "merge_trigger" {
  source = "../../modules/merge-trigger"

  function_name         = "${var.name}-pre-sign-up"
  function_zip_path     = var.function_zip_path
  runtime               = var.runtime
  architecture          = var.architecture
  log_retention_in_days = var.log_retention_in_days

  user_pool_arn = module.user_pool.arn

  merge_provider_names    = [local.provider_name]
  merge_subject_attribute = "custom:${local.subject_attribute_name}"
  merge_dry_run           = var.merge_dry_run
  when_no_native_user     = var.when_no_native_user
  native_sign_up_guard    = var.native_sign_up_guard
}

module "user_pool" {
  source = "../../modules/user-pool"

  name                   = var.name
  deletion_protection    = var.deletion_protection
  pre_sign_up_lambda_arn = var.attach_trigger ? module.merge_trigger.trigger_arn : null
  subject_attribute_name = local.subject_attribute_name

  callback_urls = var.callback_urls
  logout_urls   = var.logout_urls

  # The provider module's output, so the app client waits for the identity provider.
  identity_provider_names = [module.descope.provider_name]

  # Cognito's own passkeys beside Descope (off by default; docs/choosing.md): feature plan, sign-in policy, WebAuthn,
  # ALLOW_USER_AUTH and managed login. A native passkey registers on the native account, which is the account a
  # Descope sign-in is linked to, so one person keeps one account either way.
  cognito_passkeys = var.cognito_passkeys
  feature_plan     = var.feature_plan
  custom_domain    = var.custom_domain
}

module "descope" {
  source = "../../modules/oidc-provider"

  user_pool_id  = module.user_pool.id
  provider_name = local.provider_name
  client_id     = var.descope_project_id
  client_secret = var.descope_access_key
  issuer_url    = local.issuer_url

  # custom:idp_sub <= sub, so the trigger reads the exact (mixed-case) Descope user id.
  subject_attribute = module.user_pool.subject_attribute
}

# Alarms, dashboard and the runbook's saved queries (docs/runbook.md). Reads only the trigger's
# outputs, so it adds no edge between pool and function.
module "monitoring" {
  source = "../../modules/monitoring"
  count  = var.monitoring_enabled ? 1 : 0

  function_name  = module.merge_trigger.function_name
  log_group_name = module.merge_trigger.log_group_name
  # The namespace the function really writes to: its MERGE_METRICS_NAMESPACE if one is set, else its default.
  metrics_namespace = lookup(module.merge_trigger.environment_variables, "MERGE_METRICS_NAMESPACE", null)

  alarm_sns_topic_arns = var.alarm_sns_topic_arns

  # The self-service endpoint's alarms, when it is deployed (self_service.tf).
  self_service_function_name = one(module.self_service_link[*].function_name)
}
