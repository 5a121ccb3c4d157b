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

variable "feature_plan" {
  type        = string
  description = "Cognito feature plan (user_pool_tier): LITE, ESSENTIALS or PLUS. null = Cognito decides: ESSENTIALS for a new pool (its default), the current plan for an existing one; with cognito_passkeys enabled, null means ESSENTIALS. Passkeys and managed login need ESSENTIALS or PLUS (docs/choosing.md has the prices)."
  default     = null

  validation {
    condition     = var.feature_plan == null ? true : contains(["LITE", "ESSENTIALS", "PLUS"], var.feature_plan)
    error_message = "feature_plan must be null, LITE, ESSENTIALS or PLUS (upper case, as Cognito spells the user pool tier)."
  }
}

variable "cognito_passkeys" {
  type = object({
    enabled           = optional(bool, false)
    relying_party_id  = optional(string)
    user_verification = optional(string, "preferred")
  })
  description = "Cognito's own passkeys (WebAuthn) as a first sign-in factor beside the password: the feature plan becomes ESSENTIALS unless feature_plan says PLUS, the sign-in policy allows PASSWORD and WEB_AUTHN, the app client allows ALLOW_USER_AUTH, and the domain serves managed login (managed_login_version 2) unless managed_login_version says 1. relying_party_id: null = Cognito's default (the custom domain when there is one, else the prefix domain); set it to the custom domain, the prefix domain <domain_prefix>.auth.<region>.amazoncognito.com, or your application's own host (or a parent of it) when passkeys run in your own UI through USER_AUTH. user_verification: preferred or required. Off by default: the pool is then exactly as without this variable."
  default     = {}
  nullable    = false

  validation {
    condition     = contains(["preferred", "required"], var.cognito_passkeys.user_verification)
    error_message = "cognito_passkeys.user_verification must be preferred or required (lower case, as WebAuthn spells it)."
  }

  validation {
    # A WebAuthn relying party id is a bare host name: no scheme, port, path or upper case (Cognito allows 1-127 characters).
    condition = var.cognito_passkeys.relying_party_id == null ? true : (
      length(var.cognito_passkeys.relying_party_id) <= 127 &&
      can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z][a-z0-9-]*[a-z0-9]$", var.cognito_passkeys.relying_party_id))
    )
    error_message = "cognito_passkeys.relying_party_id must be a lower-case host name such as auth.example.com: no https://, port, path or trailing dot, at most 127 characters."
  }
}

variable "managed_login_version" {
  type        = number
  description = "Hosted UI of the domain(s): 1 = classic hosted UI, 2 = managed login (needs ESSENTIALS or PLUS, and a branding style per app client before its pages show: see README, Cognito passkeys). null = 2 with cognito_passkeys enabled (the classic hosted UI has no passkeys), else Cognito's default."
  default     = null

  validation {
    condition     = var.managed_login_version == null ? true : contains([1, 2], var.managed_login_version)
    error_message = "managed_login_version must be null, 1 (classic hosted UI) or 2 (managed login)."
  }
}

variable "custom_domain" {
  type = object({
    domain          = string
    certificate_arn = string
  })
  description = "Optional custom domain for the hosted UI, beside the prefix domain: a host name you own (auth.example.com) and an ACM certificate for it in us-east-1. Point an alias record at the custom_domain_cloudfront_distribution output. With Cognito passkeys, the relying party must then be this domain. null = none."
  default     = null

  validation {
    condition = var.custom_domain == null ? true : (
      can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z][a-z0-9-]*[a-z0-9]$", var.custom_domain.domain)) &&
      length(regexall("amazoncognito\\.com$", var.custom_domain.domain)) == 0
    )
    error_message = "custom_domain.domain must be a lower-case host name you own, such as auth.example.com (not an amazoncognito.com name)."
  }

  validation {
    # CloudFront serves the custom domain, and CloudFront takes certificates from us-east-1 only.
    condition     = var.custom_domain == null ? true : can(regex("^arn:[^:]+:acm:us-east-1:[0-9]{12}:certificate/[A-Za-z0-9-]+$", var.custom_domain.certificate_arn))
    error_message = "custom_domain.certificate_arn must be an ACM certificate ARN in us-east-1 (arn:aws:acm:us-east-1:<account>:certificate/<id>), whatever the pool's region."
  }
}
