# Unit tests of the user-pool module against a mocked AWS provider.

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
}

variables {
  name          = "oidc-merge"
  callback_urls = ["https://app.example.com/callback", "http://localhost:3000/callback"]
  logout_urls   = ["https://app.example.com/"]
}

run "email_pool_with_safe_defaults" {
  command = apply

  assert {
    condition     = aws_cognito_user_pool.this.username_attributes == toset(["email"]) && aws_cognito_user_pool.this.auto_verified_attributes == toset(["email"])
    error_message = "Users sign in with their e-mail, which Cognito verifies."
  }
  assert {
    condition = anytrue([
      for s in aws_cognito_user_pool.this.schema : s.name == "email" && s.required && s.mutable
    ])
    error_message = "email is required and mutable (mapped IdP attributes must be mutable)."
  }
  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "ACTIVE"
    error_message = "Deletion protection is on by default."
  }
  assert {
    condition     = aws_cognito_user_pool.this.username_configuration[0].case_sensitive == false
    error_message = "User names are case-insensitive."
  }
  assert {
    condition = (
      aws_cognito_user_pool.this.password_policy[0].minimum_length == 12 &&
      aws_cognito_user_pool.this.password_policy[0].require_lowercase &&
      aws_cognito_user_pool.this.password_policy[0].require_uppercase &&
      aws_cognito_user_pool.this.password_policy[0].require_numbers &&
      aws_cognito_user_pool.this.password_policy[0].require_symbols
    )
    error_message = "The default password policy asks for 12 characters of all four classes."
  }
  assert {
    condition = (
      length(aws_cognito_user_pool.this.account_recovery_setting[0].recovery_mechanism) == 1 &&
      one(aws_cognito_user_pool.this.account_recovery_setting[0].recovery_mechanism).name == "verified_email"
    )
    error_message = "Accounts recover through the verified e-mail only."
  }
  assert {
    condition     = aws_cognito_user_pool.this.user_attribute_update_settings[0].attributes_require_verification_before_update == toset(["email"])
    error_message = "A new e-mail must be verified before it replaces the old one."
  }
  assert {
    condition     = length(aws_cognito_user_pool.this.lambda_config) == 0 && output.pre_sign_up_lambda_arn == null
    error_message = "Without pre_sign_up_lambda_arn the pool has no trigger."
  }
  assert {
    condition     = length([for s in aws_cognito_user_pool.this.schema : s if startswith(s.name, "idp")]) == 0 && output.subject_attribute == null
    error_message = "No subject attribute unless asked for."
  }
}

run "client_uses_the_code_flow_only" {
  command = apply

  assert {
    condition     = aws_cognito_user_pool_client.this.allowed_oauth_flows == toset(["code"]) && aws_cognito_user_pool_client.this.allowed_oauth_flows_user_pool_client
    error_message = "Authorization code flow only."
  }
  assert {
    condition     = aws_cognito_user_pool_client.this.allowed_oauth_scopes == toset(["openid", "email", "profile"])
    error_message = "Scopes openid email profile."
  }
  assert {
    condition     = tolist(aws_cognito_user_pool_client.this.supported_identity_providers) == tolist(["COGNITO"])
    error_message = "Without identity providers, the client offers COGNITO only."
  }
  assert {
    condition     = aws_cognito_user_pool_client.this.callback_urls == toset(var.callback_urls) && aws_cognito_user_pool_client.this.logout_urls == toset(var.logout_urls)
    error_message = "Callback and logout URLs are passed through."
  }
  assert {
    condition     = aws_cognito_user_pool_client.this.generate_secret == false && aws_cognito_user_pool_client.this.prevent_user_existence_errors == "ENABLED"
    error_message = "A public client that does not reveal whether a user exists."
  }
  assert {
    condition     = aws_cognito_user_pool_domain.this.domain == "auth-us-east-1-abcdef123" && output.hosted_ui_url == "https://auth-us-east-1-abcdef123.auth.us-east-1.amazoncognito.com"
    error_message = "The derived domain prefix comes from the pool id."
  }
  assert {
    condition     = output.idp_response_url == "https://auth-us-east-1-abcdef123.auth.us-east-1.amazoncognito.com/oauth2/idpresponse"
    error_message = "The IdP redirect URI is <hosted UI>/oauth2/idpresponse."
  }
}

run "trigger_subject_attribute_and_provider" {
  command = apply

  variables {
    pre_sign_up_lambda_arn  = "arn:aws:lambda:us-east-1:123456789012:function:oidc-merge-pre-sign-up:7"
    subject_attribute_name  = "idp_sub"
    identity_provider_names = ["Descope"]
    domain_prefix           = "login-example"
  }

  assert {
    condition     = aws_cognito_user_pool.this.lambda_config[0].pre_sign_up == var.pre_sign_up_lambda_arn && output.pre_sign_up_lambda_arn == var.pre_sign_up_lambda_arn
    error_message = "The Pre sign-up trigger points at the given (version) ARN."
  }
  assert {
    condition = anytrue([
      for s in aws_cognito_user_pool.this.schema :
      s.name == "idp_sub" && s.attribute_data_type == "String" && s.mutable && !s.required
    ])
    error_message = "custom:idp_sub is an optional, mutable string."
  }
  assert {
    condition     = output.subject_attribute == "custom:idp_sub"
    error_message = "subject_attribute carries the custom: prefix."
  }
  assert {
    condition     = toset(aws_cognito_user_pool_client.this.supported_identity_providers) == toset(["Descope", "COGNITO"])
    error_message = "The client offers Descope and COGNITO."
  }
  assert {
    condition     = output.authorize_urls["Descope"] == "https://login-example.auth.us-east-1.amazoncognito.com/oauth2/authorize?identity_provider=Descope&response_type=code&client_id=1example23456789abcdefghij&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&scope=openid+email+profile"
    error_message = "The authorize URL must be exactly the documented form."
  }
}

# ---- validations -------------------------------------------------------------------------------------------------
# Several bad inputs per run keep the suite fast; expect_failures fails the run unless each listed variable fails.

run "rejects_bad_enums_and_arns" {
  command = plan
  variables {
    deletion_protection    = "yes"
    mfa_configuration      = "MAYBE"
    pre_sign_up_lambda_arn = "arn:aws:iam::123456789012:role/not-a-function"
    password_policy        = { minimum_length = 6 }
  }
  expect_failures = [var.deletion_protection, var.mfa_configuration, var.pre_sign_up_lambda_arn, var.password_policy]
}

run "rejects_reserved_words_in_the_domain_and_insecure_callbacks" {
  command = plan
  variables {
    domain_prefix           = "my-cognito-login"
    callback_urls           = ["http://app.example.com/callback"]
    logout_urls             = ["https://app.example.com/#signed-out"]
    subject_attribute_name  = "custom:idp_sub"
    identity_provider_names = ["Desc_ope"]
  }
  expect_failures = [var.domain_prefix, var.callback_urls, var.logout_urls, var.subject_attribute_name, var.identity_provider_names]
}

run "rejects_an_uppercase_domain_and_scopes_without_openid" {
  command = plan
  variables {
    domain_prefix = "Login-Example"
    oauth_scopes  = ["email", "profile"]
    callback_urls = []
  }
  expect_failures = [var.domain_prefix, var.oauth_scopes, var.callback_urls]
}

# ---- the two custom attributes of docs/trust-model.md#the-records-in-the-pool -------------------------------------------------------------------

run "merge_attributes_are_in_the_schema_and_no_client_writes_them" {
  command = plan

  variables {
    subject_attribute_name = "idp_sub"
  }

  assert {
    condition = alltrue([
      for n in ["merge_unlinked", "merge_created"] : length([
        for s in aws_cognito_user_pool.this.schema : s
        if s.name == n && s.attribute_data_type == "String" && s.mutable && !s.required && !s.developer_only_attribute &&
        s.string_attribute_constraints[0].max_length == "2048"
      ]) == 1
    ])
    error_message = "custom:merge_unlinked and custom:merge_created are optional, mutable strings of at most 2048 characters."
  }
  assert {
    condition     = output.merge_attributes == ["custom:merge_unlinked", "custom:merge_created"]
    error_message = "merge_attributes names both attributes with the custom: prefix."
  }
  assert {
    condition = length([
      for a in concat(tolist(aws_cognito_user_pool_client.this.write_attributes), tolist(aws_cognito_user_pool_client.this.read_attributes)) : a
      if startswith(a, "custom:merge_")
    ]) == 0
    error_message = "The app client may neither write nor read custom:merge_*."
  }
  assert {
    # The IdP writes the subject attribute at each federated sign-in: the client must be allowed to write it.
    condition     = contains(aws_cognito_user_pool_client.this.write_attributes, "custom:idp_sub") && contains(aws_cognito_user_pool_client.this.write_attributes, "email")
    error_message = "The client writes the standard attributes and the subject attribute."
  }
  assert {
    condition     = length(setsubtract(aws_cognito_user_pool_client.this.write_attributes, aws_cognito_user_pool_client.this.read_attributes)) == 0 && contains(aws_cognito_user_pool_client.this.read_attributes, "email_verified")
    error_message = "The client reads everything it writes, and email_verified."
  }
  assert {
    condition     = !contains(aws_cognito_user_pool_client.this.write_attributes, "email_verified") && !contains(aws_cognito_user_pool_client.this.write_attributes, "phone_number_verified")
    error_message = "As in Cognito's default, the client does not write the verification flags."
  }
}

run "without_a_subject_attribute_the_client_writes_standard_attributes_only" {
  command = plan

  assert {
    condition     = length([for a in aws_cognito_user_pool_client.this.write_attributes : a if startswith(a, "custom:")]) == 0 && length(aws_cognito_user_pool_client.this.write_attributes) == 17
    error_message = "Without subject_attribute_name the client writes Cognito's 17 standard attributes and no custom attribute."
  }
}

run "rejects_a_subject_attribute_named_like_a_merge_attribute" {
  command = plan
  variables {
    subject_attribute_name = "merge_unlinked"
  }
  expect_failures = [var.subject_attribute_name]
}

# ---- Cognito's own passkeys (issue 21) ---------------------------------------------------------------------------

run "passkeys_off_leave_the_pool_as_before" {
  command = plan

  assert {
    condition = (
      length(aws_cognito_user_pool.this.sign_in_policy) == 0 &&
      length(aws_cognito_user_pool.this.web_authn_configuration) == 0 &&
      aws_cognito_user_pool_client.this.explicit_auth_flows == toset(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]) &&
      length(aws_cognito_user_pool_domain.custom) == 0
    )
    error_message = "With cognito_passkeys off: no sign-in policy, no WebAuthn settings, the client's two flows, no custom domain."
  }
  assert {
    condition     = output.cognito_passkeys.enabled == false && output.cognito_passkeys.managed_login_version == null && output.cognito_passkeys.branding_command == null && length(output.cognito_passkeys.first_auth_factors) == 0
    error_message = "The output says passkeys are off and managed login is left to Cognito."
  }
}

run "passkeys_on_choose_essentials_webauthn_user_auth_and_managed_login" {
  command = plan

  variables {
    cognito_passkeys = { enabled = true }
  }

  assert {
    condition     = aws_cognito_user_pool.this.user_pool_tier == "ESSENTIALS"
    error_message = "Passkeys without a feature_plan put the pool on Essentials."
  }
  assert {
    condition     = aws_cognito_user_pool.this.sign_in_policy[0].allowed_first_auth_factors == toset(["PASSWORD", "WEB_AUTHN"])
    error_message = "WEB_AUTHN is a first factor beside PASSWORD."
  }
  assert {
    condition     = aws_cognito_user_pool.this.web_authn_configuration[0].user_verification == "preferred" && aws_cognito_user_pool.this.web_authn_configuration[0].relying_party_id == null
    error_message = "User verification preferred; the relying party left to Cognito (its prefix domain)."
  }
  assert {
    condition     = aws_cognito_user_pool_client.this.explicit_auth_flows == toset(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"])
    error_message = "The client allows USER_AUTH in addition to its two flows."
  }
  assert {
    condition     = aws_cognito_user_pool_domain.this.managed_login_version == 2 && output.cognito_passkeys.hosted_ui_offers_passkeys
    error_message = "The domain serves managed login, where the hosted pages offer passkeys."
  }
  assert {
    condition     = aws_cognito_user_pool.this.mfa_configuration == "OPTIONAL" && aws_cognito_user_pool_client.this.allowed_oauth_flows == toset(["code"])
    error_message = "MFA stays optional and the client stays on the code flow."
  }
}

run "passkeys_on_plus_with_a_custom_domain_and_required_verification" {
  command = apply

  variables {
    feature_plan     = "PLUS"
    cognito_passkeys = { enabled = true, user_verification = "required" }
    custom_domain    = { domain = "auth.example.com", certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789" }
  }

  assert {
    condition     = aws_cognito_user_pool.this.user_pool_tier == "PLUS" && aws_cognito_user_pool.this.web_authn_configuration[0].user_verification == "required"
    error_message = "The caller's Plus plan and required user verification are kept."
  }
  assert {
    condition     = aws_cognito_user_pool.this.web_authn_configuration[0].relying_party_id == "auth.example.com" && output.cognito_passkeys.relying_party_id == "auth.example.com"
    error_message = "With a custom domain the relying party is that domain, as Cognito requires."
  }
  assert {
    condition     = aws_cognito_user_pool_domain.custom[0].domain == "auth.example.com" && aws_cognito_user_pool_domain.custom[0].managed_login_version == 2 && output.custom_domain_url == "https://auth.example.com"
    error_message = "The custom domain exists beside the prefix domain and serves managed login."
  }
  assert {
    condition     = output.cognito_passkeys.branding_command == "aws cognito-idp create-managed-login-branding --user-pool-id us-east-1_AbCdEf123 --client-id 1example23456789abcdefghij --use-cognito-provided-values"
    error_message = "The output gives the one-time branding command for this pool and client."
  }
}

run "passkeys_in_your_own_ui_on_the_application_domain" {
  command = plan

  variables {
    cognito_passkeys      = { enabled = true, relying_party_id = "example.com" }
    managed_login_version = 1
  }

  assert {
    # callback_urls holds https://app.example.com/callback: example.com is a parent of that host.
    condition     = aws_cognito_user_pool.this.web_authn_configuration[0].relying_party_id == "example.com" && aws_cognito_user_pool_domain.this.managed_login_version == 1
    error_message = "A relying party that is a parent of the application's host is accepted; the classic hosted UI stays when asked for."
  }
  assert {
    condition     = output.cognito_passkeys.hosted_ui_offers_passkeys == false && output.cognito_passkeys.client_allows_user_auth
    error_message = "With the classic hosted UI, passkeys work only through USER_AUTH, which the client allows."
  }
}

run "passkeys_on_the_prefix_domain_named_in_full" {
  command = plan

  variables {
    domain_prefix    = "login-example"
    cognito_passkeys = { enabled = true, relying_party_id = "login-example.auth.eu-west-1.amazoncognito.com" }
  }

  assert {
    condition     = aws_cognito_user_pool.this.web_authn_configuration[0].relying_party_id == "login-example.auth.eu-west-1.amazoncognito.com" && output.cognito_passkeys.hosted_ui_offers_passkeys
    error_message = "The prefix domain's full name is a valid relying party, and managed login on it offers the passkeys."
  }
}

run "passkeys_on_the_application_host_are_not_offered_by_managed_login" {
  command = plan

  variables {
    cognito_passkeys = { enabled = true, relying_party_id = "app.example.com" }
  }

  assert {
    condition     = aws_cognito_user_pool_domain.this.managed_login_version == 2 && output.cognito_passkeys.hosted_ui_offers_passkeys == false
    error_message = "Managed login runs on Cognito's domain, so passkeys for the application's host are not offered there."
  }
}

run "lite_plan_without_passkeys_is_allowed" {
  command = plan

  variables {
    feature_plan = "LITE"
  }

  assert {
    condition     = aws_cognito_user_pool.this.user_pool_tier == "LITE" && length(aws_cognito_user_pool.this.sign_in_policy) == 0
    error_message = "feature_plan = LITE sets the Lite plan when passkeys are off."
  }
}

# One rule per run, every other input valid, so the run fails for that rule only (the messages are checked against
# moto by scripts/check.sh for the MFA rule).

run "refuses_passkeys_on_the_lite_plan" {
  command = plan
  variables {
    feature_plan          = "LITE"
    managed_login_version = 1
    cognito_passkeys      = { enabled = true }
  }
  expect_failures = [aws_cognito_user_pool.this]
}

run "refuses_managed_login_on_the_lite_plan" {
  command = plan
  variables {
    feature_plan          = "LITE"
    managed_login_version = 2
  }
  expect_failures = [aws_cognito_user_pool.this]
}

run "refuses_passkeys_while_mfa_is_required" {
  command = plan
  variables {
    mfa_configuration = "ON"
    cognito_passkeys  = { enabled = true }
  }
  expect_failures = [aws_cognito_user_pool.this]
}

run "refuses_a_relying_party_other_than_the_custom_domain" {
  command = plan
  variables {
    cognito_passkeys = { enabled = true, relying_party_id = "example.com" }
    custom_domain    = { domain = "auth.example.com", certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789" }
  }
  expect_failures = [aws_cognito_user_pool.this]
}

run "refuses_a_relying_party_unrelated_to_the_domain_and_the_application" {
  command = plan
  variables {
    cognito_passkeys = { enabled = true, relying_party_id = "evil.example.net" }
  }
  expect_failures = [aws_cognito_user_pool.this]
}

run "refuses_another_prefix_domain_as_relying_party" {
  command = plan
  variables {
    domain_prefix    = "login-example"
    cognito_passkeys = { enabled = true, relying_party_id = "someone-else.auth.us-east-1.amazoncognito.com" }
  }
  expect_failures = [aws_cognito_user_pool.this]
}

run "refuses_an_unknown_user_verification" {
  command = plan
  variables {
    cognito_passkeys = { enabled = true, user_verification = "always" }
  }
  expect_failures = [var.cognito_passkeys]
}

run "refuses_a_relying_party_written_as_a_url" {
  command = plan
  variables {
    cognito_passkeys = { enabled = true, relying_party_id = "https://app.example.com" }
  }
  expect_failures = [var.cognito_passkeys]
}

run "refuses_bad_plans_versions_and_certificates" {
  command = plan
  variables {
    feature_plan          = "essentials"
    managed_login_version = 3
    custom_domain         = { domain = "auth.example.com", certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d" }
  }
  expect_failures = [var.feature_plan, var.managed_login_version, var.custom_domain]
}
