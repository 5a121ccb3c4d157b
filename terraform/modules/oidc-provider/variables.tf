variable "user_pool_id" {
  type        = string
  description = "Id of the user pool the identity provider belongs to (for example eu-west-1_AbCdEf123)."
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9-]+_[0-9A-Za-z]+$", var.user_pool_id))
    error_message = "user_pool_id must look like <region>_<id>, for example eu-west-1_AbCdEf123."
  }
}

variable "provider_name" {
  type        = string
  description = "Name of the identity provider in the pool: the identity_provider= value of /oauth2/authorize and the prefix of federated user names (<name>_<sub>). Give the merge-trigger module the same name."
  default     = "Descope"
  nullable    = false

  validation {
    # Cognito's pattern [^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+, 1-32 characters. The trigger splits the user name
    # on the first '_' and reads the provider list comma-separated, so '_' and ',' are refused anywhere.
    condition = (
      length(var.provider_name) <= 32 &&
      can(regex("^[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+$", var.provider_name)) &&
      !strcontains(var.provider_name, "_") && !strcontains(var.provider_name, ",") &&
      lower(var.provider_name) != "cognito"
    )
    error_message = "provider_name must be 3-32 characters without whitespace, '_' or ',' and must not be \"Cognito\"."
  }
}

variable "client_id" {
  type        = string
  description = "OIDC client id Cognito presents to Descope: the Descope project id (Project settings, for example P2abc...)."
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,255}$", var.client_id))
    error_message = "client_id must be the Descope project id: 1-255 letters, digits, '.', '_' or '-'."
  }
}

variable "client_secret" {
  type        = string
  description = "OIDC client secret: a Descope access key. Stored in Terraform state; keep the state encrypted and access-controlled."
  sensitive   = true
  nullable    = false

  validation {
    condition     = length(trimspace(var.client_secret)) > 0
    error_message = "client_secret must not be empty."
  }
}

variable "issuer_url" {
  type        = string
  description = "OIDC issuer. Descope's default is https://api.descope.com/<project id>; a custom CNAME domain (https://auth.example.com/<project id>) works too. Must equal the iss claim of Descope's tokens, and Cognito reads <issuer>/.well-known/openid-configuration from it."
  nullable    = false

  validation {
    condition     = can(regex("^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\\s?#]*)?$", var.issuer_url))
    error_message = "issuer_url must be an https URL without query or fragment, such as https://api.descope.com/P2abc123."
  }
}

variable "authorize_scopes" {
  type        = list(string)
  description = "Scopes Cognito requests from Descope. openid and email are required: the trigger matches accounts by the e-mail claim and needs email_verified."
  default     = ["openid", "profile", "email", "descope:custom_claims"]
  nullable    = false

  validation {
    condition     = contains(var.authorize_scopes, "openid") && contains(var.authorize_scopes, "email")
    error_message = "authorize_scopes must include openid and email."
  }

  validation {
    condition     = alltrue([for s in var.authorize_scopes : can(regex("^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$", s))])
    error_message = "Each scope must be a non-empty token without spaces, quotes or backslashes (RFC 6749 scope-token)."
  }
}

variable "attributes_request_method" {
  type        = string
  description = "HTTP method Cognito uses on Descope's userinfo endpoint."
  default     = "GET"
  nullable    = false

  validation {
    condition     = contains(["GET", "POST"], var.attributes_request_method)
    error_message = "attributes_request_method must be GET or POST."
  }
}

variable "attribute_mapping" {
  type        = map(string)
  description = <<-EOT
    User pool attribute => Descope claim. Cognito writes every mapped attribute onto the linked native user at each
    federated sign-in, overwriting the native value, so the default is minimal: email and email_verified (both
    equal the native account's values when the trigger has linked by verified e-mail) and username <= sub.
    name, given_name etc. are left out on purpose: they belong to the native account. Add them only if Descope
    should own them. Rules: email must be mapped, email_verified must come from the email_verified claim
    whenever email is mapped, username may only map sub.
  EOT
  default = {
    email          = "email"
    email_verified = "email_verified"
    username       = "sub"
  }
  nullable = false

  validation {
    # The pool requires email, and the trigger finds the native account by it.
    condition     = contains(keys(var.attribute_mapping), "email")
    error_message = "attribute_mapping must map email: the pool requires it and the trigger matches accounts by it."
  }

  validation {
    # An unmapped email_verified next to a mapped email can turn the linked native user's e-mail unverified at the
    # next federated sign-in, and password reset stops working (docs/cognito-facts.md#attribute-overwrite). Mapping it from any other
    # claim risks a claim Descope does not send. email_verified is the OIDC Core 5.4 claim of the email scope.
    condition     = !contains(keys(var.attribute_mapping), "email") || lookup(var.attribute_mapping, "email_verified", "") == "email_verified"
    error_message = "When email is mapped, email_verified must be mapped from the email_verified claim, or federated sign-ins can mark the native user's e-mail unverified."
  }

  validation {
    # The trigger takes the subject from "<provider>_<sub>"; another source would make it link the wrong identity.
    condition     = lookup(var.attribute_mapping, "username", "sub") == "sub"
    error_message = "username may only be mapped from sub."
  }

  validation {
    # The trigger's own records (docs/trust-model.md#the-records-in-the-pool): an IdP that could write them would erase an operator's unlink, or name
    # itself the identity that created a FORCE_CHANGE_PASSWORD user and take it over. Only IAM-authorised calls write them.
    condition     = length([for k in keys(var.attribute_mapping) : k if contains(["custom:merge_unlinked", "custom:merge_created"], lower(trimspace(k)))]) == 0
    error_message = "attribute_mapping must not map any claim onto custom:merge_unlinked or custom:merge_created: only the trigger and the operator commands write those."
  }

  validation {
    condition     = alltrue([for k, v in var.attribute_mapping : length(k) > 0 && length(k) <= 32 && length(v) > 0 && length(v) <= 131072])
    error_message = "Attribute names must be 1-32 characters and claim names non-empty."
  }
}

variable "subject_attribute" {
  type        = string
  description = "Optional custom attribute (for example custom:idp_sub, created by the user-pool module's subject_attribute_name) that receives the sub claim unchanged, so the trigger can read the exact mixed-case subject (MERGE_SUBJECT_ATTRIBUTE). null = not mapped."
  default     = null

  validation {
    # A standard attribute would be overwritten with the subject at every sign-in (the seed blog used name for this).
    condition     = var.subject_attribute == null ? true : can(regex("^custom:[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,20}$", var.subject_attribute))
    error_message = "subject_attribute must be null or a custom attribute such as custom:idp_sub."
  }

  validation {
    condition     = !contains(["custom:merge_unlinked", "custom:merge_created"], lower(coalesce(var.subject_attribute, "-")))
    error_message = "subject_attribute must not be custom:merge_unlinked or custom:merge_created: only the trigger and the operator commands write those."
  }
}
