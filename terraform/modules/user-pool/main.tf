resource "aws_cognito_user_pool" "this" {
  name                = var.name
  deletion_protection = var.deletion_protection

  # Users sign in with their e-mail address; it is the key the Pre sign-up trigger matches accounts on.
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  # Case-insensitive user names (AWS's recommendation): "Alice@Example.com" and "alice@example.com" are one account.
  # Cognito may then lower-case userName in trigger events, subject included (docs/cognito-facts.md#username-case), which is why
  # subject_attribute_name exists. Changing this later replaces the pool.
  username_configuration {
    case_sensitive = false
  }

  schema {
    name                     = "email"
    attribute_data_type      = "String"
    required                 = true
    developer_only_attribute = false
    # Must be mutable: Cognito writes mapped IdP attributes at every federated sign-in and fails on immutable ones.
    mutable = true

    # Cognito's own limits for email, stated so the plan does not show a diff against what it reports back.
    string_attribute_constraints {
      min_length = 0
      max_length = 2048
    }
  }

  dynamic "schema" {
    for_each = var.subject_attribute_name == null ? [] : [var.subject_attribute_name]
    content {
      name                     = schema.value
      attribute_data_type      = "String"
      required                 = false
      developer_only_attribute = false
      mutable                  = true # written from the sub claim at every federated sign-in

      string_attribute_constraints {
        min_length = 1
        max_length = 256
      }
    }
  }

  # The records the trigger and the operator commands keep on native users (docs/trust-model.md#the-records-in-the-pool):
  # custom:merge_unlinked (identities an operator unlinked; never linked again automatically) and custom:merge_created
  # (the identity whose first sign-in created the user in create-and-link). Only IAM-authorised Admin* calls may write
  # them: the app client below leaves them out of its write attributes and the oidc-provider module refuses to map a
  # claim onto them. Added to an existing pool in place with AddCustomAttributes, never by replacement
  # (docs/cognito-facts.md#add-custom-attributes-in-place); like every custom attribute, they cannot be removed again.
  dynamic "schema" {
    for_each = local.merge_attribute_names
    content {
      name                     = schema.value
      attribute_data_type      = "String"
      required                 = false
      developer_only_attribute = false
      mutable                  = true

      string_attribute_constraints {
        min_length = 0
        max_length = 2048
      }
    }
  }

  password_policy {
    minimum_length                   = var.password_policy.minimum_length
    require_lowercase                = var.password_policy.require_lowercase
    require_uppercase                = var.password_policy.require_uppercase
    require_numbers                  = var.password_policy.require_numbers
    require_symbols                  = var.password_policy.require_symbols
    temporary_password_validity_days = var.password_policy.temporary_password_validity_days
  }

  # Password reset by verified e-mail only. The trigger keeps federated sign-ins from leaving the e-mail unverified
  # (see the oidc-provider module's attribute mapping), so this keeps working for linked users.
  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  # A native user's e-mail changes only once the new address is verified. The trigger links by verified e-mail, so an
  # unverified address typed into a profile must never become the account's e-mail.
  user_attribute_update_settings {
    attributes_require_verification_before_update = ["email"]
  }

  admin_create_user_config {
    allow_admin_create_user_only = var.allow_admin_create_user_only
  }

  # Cognito's passkeys (docs/cognito-facts.md#passkeys-feature-plan): the Essentials or Plus plan, WEB_AUTHN beside
  # PASSWORD among the first factors, and the WebAuthn settings. All three stay unset while passkeys are off, so such a
  # pool plans exactly as before this variable existed.
  user_pool_tier = local.feature_plan

  dynamic "sign_in_policy" {
    for_each = local.passkeys ? [1] : []
    content {
      # PASSWORD stays: native users keep their password, and Cognito requires it among the first factors.
      allowed_first_auth_factors = ["PASSWORD", "WEB_AUTHN"]
    }
  }

  dynamic "web_authn_configuration" {
    for_each = local.passkeys ? [1] : []
    content {
      relying_party_id  = local.relying_party_id
      user_verification = var.cognito_passkeys.user_verification
    }
  }

  mfa_configuration = var.mfa_configuration

  dynamic "software_token_mfa_configuration" {
    for_each = var.mfa_configuration == "OFF" ? [] : [1]
    content {
      enabled = true
    }
  }

  # Only the Pre sign-up trigger. Removing the block (pre_sign_up_lambda_arn = null) detaches it
  # (terraform-provider-aws #20949, fixed by #20952).
  dynamic "lambda_config" {
    for_each = var.pre_sign_up_lambda_arn == null ? [] : [var.pre_sign_up_lambda_arn]
    content {
      pre_sign_up = lambda_config.value
    }
  }

  tags = var.tags

  lifecycle {
    # What Cognito refuses or what cannot work, stopped at plan time with the fix, rather than half-applied
    # (the pool created, then SetUserPoolMfaConfig refused). docs/cognito-facts.md#passkeys-feature-plan and following.
    precondition {
      condition     = !local.passkeys || var.feature_plan != "LITE"
      error_message = "cognito_passkeys needs the Essentials or Plus feature plan, but feature_plan is LITE, which has no passkeys. Set feature_plan = \"ESSENTIALS\" (or leave it null) or \"PLUS\", or turn cognito_passkeys off; docs/choosing.md compares the prices."
    }
    precondition {
      condition     = local.managed_login_version != 2 || var.feature_plan != "LITE"
      error_message = "Managed login (managed_login_version 2, which cognito_passkeys turns on) needs the Essentials or Plus feature plan, but feature_plan is LITE. Set feature_plan to ESSENTIALS or PLUS, or managed_login_version = 1."
    }
    precondition {
      condition     = !local.passkeys || var.mfa_configuration != "ON"
      error_message = "cognito_passkeys cannot be on while mfa_configuration is ON: Cognito refuses WEB_AUTHN as a first factor when MFA is required unless passkeys count as MFA (FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION), which hashicorp/aws 5.x cannot set. Use mfa_configuration = \"OPTIONAL\" (the default) or turn cognito_passkeys off."
    }
    precondition {
      condition     = !local.passkeys || var.custom_domain == null || var.cognito_passkeys.relying_party_id == null || var.cognito_passkeys.relying_party_id == try(var.custom_domain.domain, "")
      error_message = "cognito_passkeys.relying_party_id is ${coalesce(var.cognito_passkeys.relying_party_id, "-")}, but the pool has the custom domain ${try(var.custom_domain.domain, "-")}: Cognito requires the relying party to be the custom domain whenever one exists and sign-in goes through the hosted pages. Set it to ${try(var.custom_domain.domain, "-")}, or leave it null."
    }
    precondition {
      condition     = !local.passkeys || var.custom_domain != null || var.cognito_passkeys.relying_party_id == null || local.relying_party_is_prefix_domain || local.relying_party_is_app_host
      error_message = "cognito_passkeys.relying_party_id ${coalesce(var.cognito_passkeys.relying_party_id, "-")} matches neither the pool's domain (<domain_prefix>.auth.<region>.amazoncognito.com, which needs domain_prefix set to be checked) nor the host of a callback URL or a parent domain of it (your own UI with USER_AUTH). A browser only creates and uses passkeys for the site it is on. Leave it null to let Cognito use its domain, or set one of those."
    }
  }
}

locals {
  passkeys = var.cognito_passkeys.enabled
  # null leaves the plan to Cognito (and the plan of a passkey-less pool as it always was); passkeys need at least Essentials.
  feature_plan = var.feature_plan != null ? var.feature_plan : (local.passkeys ? "ESSENTIALS" : null)
  # Managed login is where Cognito's hosted pages offer passkeys; the classic hosted UI never does.
  managed_login_version = var.managed_login_version != null ? var.managed_login_version : (local.passkeys ? 2 : null)
  # null: Cognito's default, the custom domain if there is one, else the prefix domain.
  relying_party_id = var.cognito_passkeys.relying_party_id != null ? var.cognito_passkeys.relying_party_id : try(var.custom_domain.domain, null)

  relying_party_is_prefix_domain = (
    var.domain_prefix != null && var.cognito_passkeys.relying_party_id != null &&
    can(regex("^${coalesce(var.domain_prefix, "-")}\\.auth\\.[a-z0-9-]+\\.amazoncognito\\.com$", coalesce(var.cognito_passkeys.relying_party_id, "-")))
  )
  # Passkeys whose relying party is the application's own host are not offered on Cognito's pages (another host).
  relying_party_serves_hosted_ui = (
    local.relying_party_id == null || local.relying_party_is_prefix_domain || local.relying_party_id == try(var.custom_domain.domain, "")
  )
  callback_hosts = [for u in var.callback_urls : lower(try(regex("^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)", u)[0], ""))]
  relying_party_is_app_host = var.cognito_passkeys.relying_party_id == null ? false : anytrue([
    for h in local.callback_hosts : h == var.cognito_passkeys.relying_party_id || endswith(h, ".${var.cognito_passkeys.relying_party_id}")
  ])

  # Names without the custom: prefix, as the schema block takes them.
  merge_attribute_names = ["merge_unlinked", "merge_created"]

  # Cognito's standard attributes an app client may write. Without write_attributes a client writes exactly these
  # (API reference, UserPoolClientType.WriteAttributes) but no custom attribute, and a federated sign-in fails when the
  # client cannot write an attribute the IdP maps (the subject attribute). email_verified and phone_number_verified
  # stay out, as in Cognito's default; the IdP mapping of email_verified works without them today.
  # docs/cognito-facts.md#client-write-attributes
  standard_writable_attributes = [
    "address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name", "name",
    "nickname", "phone_number", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo",
  ]
  subject_attributes      = var.subject_attribute_name == null ? [] : ["custom:${var.subject_attribute_name}"]
  client_write_attributes = concat(local.standard_writable_attributes, local.subject_attributes)
  # Everything the client writes, plus the two verification flags. Not custom:merge_*: they are bookkeeping for the
  # trigger and the operator (read with IAM credentials), and would put up to 2 KB of unlink records into every ID token.
  client_read_attributes = concat(local.client_write_attributes, ["email_verified", "phone_number_verified"])

  # arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>
  region        = split(":", aws_cognito_user_pool.this.arn)[3]
  domain_prefix = coalesce(var.domain_prefix, "auth-${lower(replace(aws_cognito_user_pool.this.id, "_", "-"))}")
  hosted_ui_url = "https://${aws_cognito_user_pool_domain.this.domain}.auth.${local.region}.amazoncognito.com"
}

resource "aws_cognito_user_pool_domain" "this" {
  domain       = local.domain_prefix
  user_pool_id = aws_cognito_user_pool.this.id

  # null keeps Cognito's default (and today's plan); 2 with passkeys. docs/cognito-facts.md#managed-login-branding
  managed_login_version = local.managed_login_version
}

# A custom domain beside the prefix domain (Cognito allows one of each). CloudFront serves it, hence the us-east-1
# certificate; the caller points an alias record at cloudfront_distribution.
resource "aws_cognito_user_pool_domain" "custom" {
  count = var.custom_domain == null ? 0 : 1

  domain                = var.custom_domain.domain
  certificate_arn       = var.custom_domain.certificate_arn
  user_pool_id          = aws_cognito_user_pool.this.id
  managed_login_version = local.managed_login_version
}

resource "aws_cognito_user_pool_client" "this" {
  name         = var.client_name
  user_pool_id = aws_cognito_user_pool.this.id

  generate_secret = var.generate_client_secret

  # Authorization code flow only (no implicit flow: tokens never travel in the URL).
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = var.oauth_scopes
  callback_urls                        = var.callback_urls
  logout_urls                          = var.logout_urls

  # The names come from the oidc-provider module's output, so the client is created (and updated) only after the
  # provider exists; Cognito refuses a client that names an unknown provider.
  supported_identity_providers = concat(var.identity_provider_names, ["COGNITO"])

  # No app client may write custom:merge_unlinked or custom:merge_created (docs/trust-model.md#the-records-in-the-pool): a user who could would
  # un-record an operator's unlink, or forge the identity that created a FORCE_CHANGE_PASSWORD user.
  write_attributes = local.client_write_attributes
  read_attributes  = local.client_read_attributes

  # USER_AUTH is the choice-based flow in which an app's own UI signs a person in with a passkey (and registers one
  # with the access token afterwards); managed login uses it too. Added only with passkeys.
  explicit_auth_flows           = concat(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], local.passkeys ? ["ALLOW_USER_AUTH"] : [])
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
}
