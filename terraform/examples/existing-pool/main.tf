# Adds the Descope provider and the merge trigger to a user pool that already exists and attaches the trigger.
#
# Terraform owns afterwards: the identity provider, the function with its role, policy, log group and permission,
# and the pool's lambda_config.pre_sign_up. Every other pool setting is imported into state but ignored (see the
# lifecycle block and README.md for what that does and does not protect).

locals {
  provider_name     = "Descope"
  subject_attribute = var.subject_attribute_name == null ? null : "custom:${var.subject_attribute_name}"

  # The Pre sign-up trigger the pool has now, and the function it names (its version, if any, stripped).
  current_pre_sign_up = try(data.aws_cognito_user_pool.existing.lambda_config[0].pre_sign_up, null)
  current_function = (
    local.current_pre_sign_up == null || local.current_pre_sign_up == "" ? null
    : try(regex("^arn:[^:]+:lambda:[^:]+:[0-9]+:function:([^:]+)", local.current_pre_sign_up)[0], local.current_pre_sign_up)
  )
}

data "aws_cognito_user_pool" "existing" {
  user_pool_id = var.user_pool_id

  lifecycle {
    postcondition {
      condition     = local.subject_attribute == null ? true : contains([for a in self.schema_attributes : a.name], local.subject_attribute)
      error_message = "The pool has no attribute ${coalesce(local.subject_attribute, "-")}: add it first (README.md, step 1), Terraform does not change an existing pool's schema here."
    }
  }
}

module "merge_trigger" {
  source = "../../modules/merge-trigger"

  function_name         = var.function_name
  function_zip_path     = var.function_zip_path
  runtime               = var.runtime
  architecture          = var.architecture
  log_retention_in_days = var.log_retention_in_days

  # From the data source, not from the pool resource below: policy and permission then exist before the trigger is
  # attached (see depends_on there), so no sign-up ever reaches a function that may not run or be invoked.
  user_pool_arn = data.aws_cognito_user_pool.existing.arn

  merge_provider_names    = [local.provider_name]
  merge_subject_attribute = local.subject_attribute
  merge_dry_run           = var.merge_dry_run
}

module "descope" {
  source = "../../modules/oidc-provider"

  user_pool_id      = var.user_pool_id
  provider_name     = local.provider_name
  client_id         = var.descope_project_id
  client_secret     = var.descope_access_key
  issuer_url        = coalesce(var.descope_issuer_url, "https://api.descope.com/${var.descope_project_id}")
  subject_attribute = local.subject_attribute
}

# Brings the existing pool into state on the first apply (same as: terraform import aws_cognito_user_pool.existing <id>).
import {
  to = aws_cognito_user_pool.existing
  id = var.user_pool_id
}

resource "aws_cognito_user_pool" "existing" {
  name = data.aws_cognito_user_pool.existing.name

  lambda_config {
    pre_sign_up = var.attach_trigger ? module.merge_trigger.trigger_arn : null
  }

  lifecycle {
    # Destroying this resource would delete the pool and every user in it. Detach and `terraform state rm` instead.
    prevent_destroy = true

    # A pool has one Pre sign-up trigger. Attaching ours silently replaces another function's, and whatever it did
    # (blocking sign-ups from some domains, auto-confirming, its own linking) stops without anyone deciding so.
    # Checked at plan time, before anything is created.
    precondition {
      condition = (
        !var.attach_trigger || var.replace_existing_pre_sign_up_trigger || local.current_function == null
        || local.current_function == var.function_name
      )
      error_message = "The pool's Pre sign-up trigger is already another function (${coalesce(local.current_pre_sign_up, "-")}). Attaching this one would replace it, and what it does would stop. Merge its logic first, then set replace_existing_pre_sign_up_trigger = true to replace it deliberately (README.md, Known issues)."
    }

    # Terraform keeps the imported values of everything below and never plans a change to them, so only
    # lambda_config.pre_sign_up is managed here. The provider still sends these state values back in the
    # UpdateUserPool call it makes for the trigger (UpdateUserPool resets whatever a call leaves out: Cognito developer
    # guide, "Updating user pool and app client configuration"; aws-cli discussion #6842), which is why
    # the list is everything, not nothing. Settings this provider version does not model at all cannot be sent back.
    ignore_changes = [
      name,
      alias_attributes,
      auto_verified_attributes,
      deletion_protection,
      email_verification_message,
      email_verification_subject,
      mfa_configuration,
      sms_authentication_message,
      sms_verification_message,
      tags,
      user_pool_tier,
      username_attributes,
      account_recovery_setting,
      admin_create_user_config,
      device_configuration,
      email_configuration,
      email_mfa_configuration,
      password_policy,
      schema,
      sign_in_policy,
      sms_configuration,
      software_token_mfa_configuration,
      user_attribute_update_settings,
      user_pool_add_ons,
      username_configuration,
      verification_message_template,
      web_authn_configuration,
      # The pool's other triggers stay as they are.
      lambda_config[0].create_auth_challenge,
      lambda_config[0].custom_email_sender,
      lambda_config[0].custom_message,
      lambda_config[0].custom_sms_sender,
      lambda_config[0].define_auth_challenge,
      lambda_config[0].kms_key_id,
      lambda_config[0].post_authentication,
      lambda_config[0].post_confirmation,
      lambda_config[0].pre_authentication,
      lambda_config[0].pre_token_generation,
      lambda_config[0].pre_token_generation_config,
      lambda_config[0].user_migration,
      lambda_config[0].verify_auth_challenge_response,
    ]
  }

  depends_on = [module.merge_trigger]
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

# The two custom attributes the trigger and the operator commands keep on native users (docs/trust-model.md#the-records-in-the-pool). Terraform does
# not change this pool's schema; the owner adds them once (README.md, "The merge attributes"). A warning, not an error:
# the trigger runs without them, but an operator's unlink would not stick (custom:merge_unlinked) and create-and-link
# could not complete a half-created user (custom:merge_created).
check "merge_attributes_in_the_pool" {
  assert {
    condition = alltrue([
      for name in ["custom:merge_unlinked", "custom:merge_created"] : length([
        for a in data.aws_cognito_user_pool.existing.schema_attributes : a
        if a.name == name && a.attribute_data_type == "String" && a.mutable &&
        contains(["-", "2048"], coalesce(try(a.string_attribute_constraints[0].max_length, null), "-"))
      ]) == 1
    ])
    error_message = "The pool lacks custom:merge_unlinked or custom:merge_created (mutable String, max length 2048), or has them with another type. Add them with aws cognito-idp add-custom-attributes (README.md, \"The merge attributes\"): without custom:merge_unlinked an operator's unlink does not stick."
  }
}
