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

  # The records the trigger and the operator commands keep on native users (CONTRACTS.md, "Two custom attributes"):
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
}

locals {
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

  # No app client may write custom:merge_unlinked or custom:merge_created (CONTRACTS.md): a user who could would
  # un-record an operator's unlink, or forge the identity that created a FORCE_CHANGE_PASSWORD user.
  write_attributes = local.client_write_attributes
  read_attributes  = local.client_read_attributes

  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
}
