variable "name" {
  type        = string
  description = "Name of the user pool."
  nullable    = false

  validation {
    condition     = can(regex("^[\\w\\s+=,.@-]{1,128}$", var.name))
    error_message = "name must be 1-128 characters of letters, digits, spaces and + = , . @ - _."
  }
}

variable "deletion_protection" {
  type        = string
  description = "ACTIVE keeps the pool (and every user in it) from being deleted, including by terraform destroy, which then fails until you apply INACTIVE first."
  default     = "ACTIVE"
  nullable    = false

  validation {
    condition     = contains(["ACTIVE", "INACTIVE"], var.deletion_protection)
    error_message = "deletion_protection must be ACTIVE or INACTIVE."
  }
}

variable "pre_sign_up_lambda_arn" {
  type        = string
  description = "Lambda ARN for the Pre sign-up trigger: the merge-trigger module's trigger_arn (a version ARN for java21). null = no trigger, which is also how you detach it."
  default     = null

  validation {
    condition     = var.pre_sign_up_lambda_arn == null ? true : can(regex("^arn:[^:]+:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:(\\$LATEST|[A-Za-z0-9_-]{1,128}))?$", var.pre_sign_up_lambda_arn))
    error_message = "pre_sign_up_lambda_arn must be null or a Lambda function ARN (optionally version- or alias-qualified)."
  }
}

variable "subject_attribute_name" {
  type        = string
  description = "Name (without the custom: prefix) of a mutable custom string attribute to create for the IdP subject, for example idp_sub => custom:idp_sub. The oidc-provider module maps sub onto it and the trigger reads it (MERGE_SUBJECT_ATTRIBUTE), because case-insensitive pools may lower-case the subject inside userName. null = none. Cognito never deletes a custom attribute once created."
  default     = null

  validation {
    condition     = var.subject_attribute_name == null ? true : can(regex("^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,20}$", var.subject_attribute_name)) && !startswith(coalesce(var.subject_attribute_name, "-"), "custom:")
    error_message = "subject_attribute_name must be 1-20 characters without whitespace and without the custom: prefix (for example idp_sub)."
  }

  validation {
    # The IdP writes the subject attribute at every sign-in; these two must be written by IAM-authorised calls only.
    condition     = !contains(["merge_unlinked", "merge_created"], lower(coalesce(var.subject_attribute_name, "-")))
    error_message = "subject_attribute_name must not be merge_unlinked or merge_created: the module creates those for the trigger, and no identity provider may write them."
  }
}

variable "password_policy" {
  type = object({
    minimum_length                   = optional(number, 12)
    require_lowercase                = optional(bool, true)
    require_uppercase                = optional(bool, true)
    require_numbers                  = optional(bool, true)
    require_symbols                  = optional(bool, true)
    temporary_password_validity_days = optional(number, 3)
  })
  description = "Password policy for native accounts. Defaults: at least 12 characters with lower case, upper case, digits and symbols; temporary passwords valid 3 days."
  default     = {}
  nullable    = false

  validation {
    condition     = var.password_policy.minimum_length >= 8 && var.password_policy.minimum_length <= 99
    error_message = "password_policy.minimum_length must be between 8 and 99 (Cognito allows 6-99; below 8 is refused here)."
  }

  validation {
    condition     = var.password_policy.temporary_password_validity_days >= 1 && var.password_policy.temporary_password_validity_days <= 365
    error_message = "password_policy.temporary_password_validity_days must be between 1 and 365."
  }
}

variable "mfa_configuration" {
  type        = string
  description = "MFA for native sign-in: OFF, OPTIONAL or ON, with authenticator apps (TOTP). Federated users are authenticated by Descope."
  default     = "OPTIONAL"
  nullable    = false

  validation {
    condition     = contains(["OFF", "OPTIONAL", "ON"], var.mfa_configuration)
    error_message = "mfa_configuration must be OFF, OPTIONAL or ON."
  }
}

variable "allow_admin_create_user_only" {
  type        = bool
  description = "true = only administrators create native accounts (no self sign-up). Federated first sign-ins still create users."
  default     = false
  nullable    = false
}

variable "domain_prefix" {
  type        = string
  description = "Prefix of the hosted UI domain <prefix>.auth.<region>.amazoncognito.com; unique per region. null = derived from the pool id (auth-<region>-<id>), which is unique."
  default     = null

  validation {
    # Cognito: lower-case letters, digits and hyphens, no leading/trailing hyphen, and none of the reserved words.
    condition = var.domain_prefix == null ? true : (
      can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix)) &&
      length(regexall("aws|amazon|cognito", var.domain_prefix)) == 0
    )
    error_message = "domain_prefix must be 1-63 lower-case letters, digits or hyphens, not start or end with a hyphen, and not contain aws, amazon or cognito."
  }
}

variable "client_name" {
  type        = string
  description = "Name of the app client."
  default     = "web"
  nullable    = false

  validation {
    condition     = can(regex("^[\\w\\s+=,.@-]{1,128}$", var.client_name))
    error_message = "client_name must be 1-128 characters of letters, digits, spaces and + = , . @ - _."
  }
}

variable "generate_client_secret" {
  type        = bool
  description = "true for a confidential client (server-side app that can keep a secret); false for a public client (SPA, mobile) that uses PKCE."
  default     = false
  nullable    = false
}

variable "callback_urls" {
  type        = list(string)
  description = "Allowed redirect URIs after sign-in. https, a custom scheme for native apps, or http://localhost for development only (Cognito's rule). The first one is used in authorize_urls."
  nullable    = false

  validation {
    condition     = length(var.callback_urls) >= 1 && length(var.callback_urls) <= 100
    error_message = "callback_urls must hold 1-100 URLs."
  }

  validation {
    condition = alltrue([
      for u in var.callback_urls :
      can(regex("^[A-Za-z][A-Za-z0-9+.-]*://[^\\s#]+$", u)) && (lower(split("://", u)[0]) != "http" || can(regex("^http://localhost(:[0-9]{1,5})?(/[^\\s#]*)?$", u)))
    ])
    error_message = "Each callback URL must be absolute, without a fragment, and use https (http only for localhost)."
  }
}

variable "logout_urls" {
  type        = list(string)
  description = "Allowed redirect URIs after sign-out (same rules as callback_urls)."
  default     = []
  nullable    = false

  validation {
    condition = length(var.logout_urls) <= 100 && alltrue([
      for u in var.logout_urls :
      can(regex("^[A-Za-z][A-Za-z0-9+.-]*://[^\\s#]+$", u)) && (lower(split("://", u)[0]) != "http" || can(regex("^http://localhost(:[0-9]{1,5})?(/[^\\s#]*)?$", u)))
    ])
    error_message = "logout_urls must hold at most 100 absolute URLs without fragments, using https (http only for localhost)."
  }
}

variable "oauth_scopes" {
  type        = list(string)
  description = "Scopes the app client may request."
  default     = ["openid", "email", "profile"]
  nullable    = false

  validation {
    condition = contains(var.oauth_scopes, "openid") && alltrue([
      for s in var.oauth_scopes : contains(["openid", "email", "profile", "phone", "aws.cognito.signin.user.admin"], s) || strcontains(s, "/")
    ])
    error_message = "oauth_scopes must include openid and contain only openid, email, profile, phone, aws.cognito.signin.user.admin or resource-server scopes (<identifier>/<scope>)."
  }
}

variable "identity_provider_names" {
  type        = list(string)
  description = "Identity providers the app client offers besides COGNITO. Pass the oidc-provider module's provider_name output (not a literal) so the client is created after the provider exists."
  default     = []
  nullable    = false

  validation {
    condition = alltrue([
      for n in var.identity_provider_names :
      length(n) <= 32 && can(regex("^[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+$", n)) && !strcontains(n, "_") && upper(n) != "COGNITO"
    ])
    error_message = "identity_provider_names must be Cognito provider names (3-32 characters, no whitespace or '_'); COGNITO is always added by the module."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags for the user pool."
  default     = {}
  nullable    = false
}
