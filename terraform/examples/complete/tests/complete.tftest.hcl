# Tests the complete example as a whole, against a mocked AWS provider: the wiring across the three modules and the
# authorize URL. The same example is applied for real against moto by scripts/check.sh.

mock_provider "aws" {
  mock_resource "aws_cognito_user_pool" {
    defaults = {
      id       = "us-east-1_AbCdEf123"
      arn      = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123"
      endpoint = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123"
    }
  }
  mock_resource "aws_cognito_user_pool_client" {
    defaults = {
      id            = "1example23456789abcdefghij"
      client_secret = ""
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/oidc-merge-pre-sign-up"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/oidc-merge-pre-sign-up-role"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn           = "arn:aws:lambda:us-east-1:123456789012:function:oidc-merge-pre-sign-up"
      qualified_arn = "arn:aws:lambda:us-east-1:123456789012:function:oidc-merge-pre-sign-up:3"
      version       = "3"
    }
  }
}

# The values of terraform.tfvars.example, with the fixture package.
variables {
  function_zip_path  = "../../tests/fixtures/function.zip"
  descope_project_id = "P0000000000000000000000000000"
  descope_access_key = "placeholder-descope-access-key"
}

run "authorize_url_is_well_formed" {
  command = apply

  assert {
    condition     = output.authorize_url == "https://auth-us-east-1-abcdef123.auth.us-east-1.amazoncognito.com/oauth2/authorize?identity_provider=Descope&response_type=code&client_id=1example23456789abcdefghij&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback&scope=openid+email+profile"
    error_message = "authorize_url must be the hosted UI authorize endpoint with Descope, code flow, the client, the encoded callback and the scopes."
  }
  assert {
    # The same, structurally: one query, no raw ':' or '/' in the redirect_uri value, nothing left unencoded.
    condition     = can(regex("^https://[a-z0-9-]+\\.auth\\.[a-z0-9-]+\\.amazoncognito\\.com/oauth2/authorize\\?identity_provider=Descope&response_type=code&client_id=[0-9a-z]+&redirect_uri=[A-Za-z0-9%._~-]+&scope=openid\\+email\\+profile$", output.authorize_url))
    error_message = "authorize_url is not a well-formed authorize request."
  }
  assert {
    condition     = output.hosted_ui_domain == "auth-us-east-1-abcdef123.auth.us-east-1.amazoncognito.com" && output.idp_response_url == "https://${output.hosted_ui_domain}/oauth2/idpresponse"
    error_message = "Hosted UI domain and the IdP redirect URI to give Descope."
  }
  assert {
    condition     = output.user_pool_id == "us-east-1_AbCdEf123" && output.client_id == "1example23456789abcdefghij"
    error_message = "Pool and client ids are exposed."
  }
}

run "native_trigger_is_wired_both_ways" {
  command = apply

  assert {
    condition     = module.user_pool.pre_sign_up_lambda_arn == output.function_arn && output.trigger_arn == output.function_arn
    error_message = "The pool's Pre sign-up trigger is the native function."
  }
  assert {
    condition     = strcontains(module.merge_trigger.policy_json, output.user_pool_arn)
    error_message = "The function's policy names the pool that invokes it."
  }
  assert {
    # One subject attribute, consistent in all three places: pool schema, provider mapping, function setting.
    condition = (
      module.user_pool.subject_attribute == "custom:idp_sub" &&
      module.descope.attribute_mapping["custom:idp_sub"] == "sub" &&
      module.merge_trigger.environment_variables["MERGE_SUBJECT_ATTRIBUTE"] == "custom:idp_sub"
    )
    error_message = "Pool, provider mapping and function must agree on the subject attribute."
  }
  assert {
    condition     = module.merge_trigger.environment_variables["MERGE_PROVIDER_NAMES"] == output.identity_provider_name
    error_message = "The function links exactly the provider the pool has."
  }
}

run "java21_trigger_is_the_published_version" {
  command = apply

  variables {
    runtime           = "java21"
    function_zip_path = "../../tests/fixtures/jvm/function.zip"
  }

  assert {
    condition     = output.trigger_arn == "${output.function_arn}:3" && module.user_pool.pre_sign_up_lambda_arn == output.trigger_arn
    error_message = "For java21 the pool must point at the published (SnapStart) version."
  }
}

run "detaching_removes_only_the_trigger" {
  command = apply

  variables {
    attach_trigger = false
  }

  assert {
    condition     = module.user_pool.pre_sign_up_lambda_arn == null && output.function_arn != null
    error_message = "attach_trigger = false removes the trigger from the pool and keeps the function."
  }
}

run "monitoring_watches_the_trigger_by_default" {
  command = apply

  variables {
    alarm_sns_topic_arns = ["arn:aws:sns:us-east-1:123456789012:oncall"]
  }

  # What each alarm watches and notifies is tested in modules/monitoring; here, that the example wires it.
  assert {
    condition     = length(output.alarm_names) == 9 && output.alarm_names["refused-lookup-failed"] == "${output.function_name}-refused-lookup-failed"
    error_message = "The example creates the trigger's alarms, named after its function."
  }
  assert {
    condition     = output.dashboard_name == output.function_name && module.monitoring[0].metrics_namespace == "CognitoOidcMerge"
    error_message = "The dashboard is the function's, over the function's default namespace."
  }
  assert {
    condition     = contains(module.monitoring[0].query_definition_names, "cognito-oidc-merge/${output.function_name}/refused-lookup-failed")
    error_message = "The runbook's saved queries are in the function's folder."
  }
}

run "monitoring_can_be_switched_off" {
  command = plan

  variables {
    monitoring_enabled = false
  }

  assert {
    condition     = length(module.monitoring) == 0 && length(output.alarm_names) == 0 && output.dashboard_name == null
    error_message = "monitoring_enabled = false creates no alarm, dashboard or query."
  }
}

# Issue 21: Cognito's own passkeys through the example. What each setting means is tested in modules/user-pool.
run "cognito_passkeys_on_show_essentials_webauthn_and_user_auth" {
  command = plan

  variables {
    cognito_passkeys = { enabled = true }
  }

  assert {
    condition = (
      output.cognito_passkeys.enabled &&
      output.cognito_passkeys.feature_plan == "ESSENTIALS" &&
      output.cognito_passkeys.first_auth_factors == tolist(["PASSWORD", "WEB_AUTHN"]) &&
      output.cognito_passkeys.user_verification == "preferred" &&
      output.cognito_passkeys.managed_login_version == 2
    )
    error_message = "cognito_passkeys = { enabled = true } plans the Essentials plan, WEB_AUTHN beside PASSWORD, a WebAuthn configuration and managed login."
  }
  assert {
    # The trigger and the Descope provider are wired exactly as without passkeys.
    condition     = module.user_pool.pre_sign_up_lambda_arn == module.merge_trigger.trigger_arn && module.descope.attribute_mapping["custom:idp_sub"] == "sub"
    error_message = "Passkeys change nothing in the trigger's or the provider's wiring."
  }
}

run "cognito_passkeys_off_by_default" {
  command = plan

  assert {
    condition     = output.cognito_passkeys.enabled == false && output.cognito_passkeys.managed_login_version == null && length(output.cognito_passkeys.first_auth_factors) == 0
    error_message = "Without cognito_passkeys the example plans no passkeys and leaves the hosted UI to Cognito."
  }
}
