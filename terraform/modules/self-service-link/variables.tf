variable "function_name" {
  type        = string
  description = "Name of the Lambda function. Also names its log group (/aws/lambda/<name>), its execution role (<name>-role) and the HTTP API."
  default     = "oidc-merge-self-service-link"
  nullable    = false

  validation {
    # Lambda: 1-64 letters, digits, hyphens, underscores. The role name adds 5 characters ("-role") and IAM allows 64.
    condition     = can(regex("^[A-Za-z0-9_-]{1,59}$", var.function_name))
    error_message = "function_name must be 1-59 characters of letters, digits, '-' or '_' (59 leaves room for the '-role' suffix of the IAM role)."
  }
}

variable "function_zip_path" {
  type        = string
  description = "Path to the Maven-built deployment package (target/function.zip): the same package as the trigger's, started with QUARKUS_LAMBDA_HANDLER=self-service-link. Terraform only uploads it."
  nullable    = false

  validation {
    condition     = can(regex("\\.zip$", var.function_zip_path))
    error_message = "function_zip_path must point at a .zip file (the Quarkus build writes target/function.zip)."
  }
}

variable "runtime" {
  type        = string
  description = "Which build function.zip holds: \"native\" (provided.al2023, handler bootstrap) or \"java21\" (JVM build, SnapStart on a published version the API invokes)."
  default     = "native"
  nullable    = false

  validation {
    condition     = contains(["native", "java21"], var.runtime)
    error_message = "runtime must be \"native\" or \"java21\"."
  }
}

variable "architecture" {
  type        = string
  description = "\"arm64\" or \"x86_64\"; null (the default) follows the package (function-package.json), arm64 for a JVM build. A value that differs from a native package's is refused at plan time."
  default     = null

  validation {
    condition     = var.architecture == null || contains(["arm64", "x86_64"], coalesce(var.architecture, "arm64"))
    error_message = "architecture must be \"arm64\", \"x86_64\" or null (follow the package)."
  }
}

variable "package_manifest_path" {
  type        = string
  description = "Path to function-package.json (written by the build next to function.zip). null = next to function_zip_path."
  default     = null

  validation {
    condition     = var.package_manifest_path == null || can(regex("\\.json$", coalesce(var.package_manifest_path, "x.json")))
    error_message = "package_manifest_path must point at the function-package.json the build writes."
  }
}

variable "memory_size" {
  type        = number
  description = "Memory of the function in MB (CPU scales with it). Two signature checks and three Cognito calls per request need little; JVM builds start faster with more."
  default     = 512
  nullable    = false

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout_seconds" {
  type        = number
  description = "Lambda timeout. The function gives Cognito and the key fetches at most 8 s of it; API Gateway waits 30 s at most."
  default     = 10
  nullable    = false

  validation {
    condition     = var.timeout_seconds >= 9 && var.timeout_seconds <= 29 && floor(var.timeout_seconds) == var.timeout_seconds
    error_message = "timeout_seconds must be a whole number from 9 (the function's 8 s budget plus its margin) to 29 (below API Gateway's 30 s integration limit)."
  }
}

variable "log_retention_in_days" {
  type        = number
  description = "Retention of /aws/lambda/<function_name>. The audit lines hold masked e-mails and usernames."
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "user_pool_arn" {
  type        = string
  description = "ARN of the user pool whose users link identities. The policy names it; the function gets its id (MERGE_SELF_SERVICE_USER_POOL_ID) and, from it, the issuer of its ID tokens."
  nullable    = false

  validation {
    condition     = can(regex("^arn:[^:]+:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/[a-z0-9-]+_[0-9A-Za-z]+$", var.user_pool_arn))
    error_message = "user_pool_arn must be a Cognito user pool ARN such as arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123."
  }
}

variable "client_ids" {
  type        = list(string)
  description = "MERGE_SELF_SERVICE_CLIENT_IDS: app clients whose ID tokens prove the native sign-in. Name clients whose supported identity providers are COGNITO only, so no federated sign-in's token can carry them (docs/self-service-link.md)."
  nullable    = false

  validation {
    condition     = length(var.client_ids) > 0 && alltrue([for id in var.client_ids : can(regex("^[\\w+]{1,128}$", id))])
    error_message = "client_ids must name at least one app client id (1-128 letters, digits, '_' or '+')."
  }
}

variable "allowed_origins" {
  type        = list(string)
  description = "MERGE_SELF_SERVICE_ALLOWED_ORIGINS and the HTTP API's CORS allow-list: the origins of the pages that call the endpoint, such as https://app.example.com. No wildcard, no path; http only for localhost. Empty = no browser may call it (server-to-server only)."
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for o in var.allowed_origins : can(regex("^(https://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?)$", o))])
    error_message = "allowed_origins entries must be origins such as https://app.example.com (https, no path, no wildcard; http only for localhost or 127.0.0.1)."
  }
}

variable "max_auth_age" {
  type        = string
  description = "MERGE_SELF_SERVICE_MAX_AUTH_AGE: how long ago the native sign-in (and the IdP sign-in) may have happened, such as 10m or 90s, from 30s to 1h. null = the function's default (10m)."
  default     = null

  validation {
    # Terraform evaluates both sides of && and ||, so the whole test sits in one try().
    condition = var.max_auth_age == null ? true : try(
      tonumber(regex("^([0-9]{1,5})[smh]$", var.max_auth_age)[0]) * { s = 1, m = 60, h = 3600 }[regex("[smh]$", var.max_auth_age)] >= 30 &&
      tonumber(regex("^([0-9]{1,5})[smh]$", var.max_auth_age)[0]) * { s = 1, m = 60, h = 3600 }[regex("[smh]$", var.max_auth_age)] <= 3600,
    false)
    error_message = "max_auth_age must be between 30s and 1h, written like 90s, 10m or 1h."
  }
}

variable "merge_provider_names" {
  type        = list(string)
  description = "MERGE_PROVIDER_NAMES: the identity providers as configured in the pool (as for the trigger). Each key of identity_providers must be one of them."
  default     = ["Descope"]
  nullable    = false

  validation {
    condition     = length(var.merge_provider_names) > 0 && alltrue([for n in var.merge_provider_names : can(regex("^[^_\\s]{3,32}$", n))])
    error_message = "merge_provider_names must name at least one provider: 3-32 characters, no '_' or whitespace (Cognito's provider names)."
  }
}

variable "identity_providers" {
  type = map(object({
    issuer   = string
    audience = list(string)
  }))
  description = "Per provider (key: its name in merge_provider_names): the issuer of its ID tokens (MERGE_PROVIDER__<NAME>__ISSUER, whose /.well-known/openid-configuration names its keys) and the audience the tokens must carry (MERGE_PROVIDER__<NAME>__AUDIENCE: your client id at the IdP; for Descope the project id)."
  nullable    = false

  validation {
    condition     = length(var.identity_providers) > 0
    error_message = "identity_providers must configure at least one provider whose ID tokens the endpoint verifies."
  }

  validation {
    condition     = alltrue([for name in keys(var.identity_providers) : contains(var.merge_provider_names, name)])
    error_message = "Each key of identity_providers must be one of merge_provider_names (the provider's name as configured in the pool)."
  }

  validation {
    condition     = alltrue([for p in values(var.identity_providers) : can(regex("^https://[^/?#\\s]+(/[^?#\\s]*[^/?#\\s])?$", p.issuer))])
    error_message = "identity_providers[*].issuer must be the https issuer URL exactly as the tokens' iss claim has it, without a trailing '/'."
  }

  validation {
    condition     = alltrue([for p in values(var.identity_providers) : length(p.audience) > 0 && alltrue([for a in p.audience : can(regex("^[^\\s,]{1,256}$", a))])])
    error_message = "identity_providers[*].audience must list at least one client id (no whitespace or commas)."
  }
}

variable "throttling_rate_limit" {
  type        = number
  description = "Steady requests per second the HTTP API's stage passes to the function; more are answered 429 by API Gateway. A person links once; this bounds abuse (token guessing, Cognito quota exhaustion)."
  default     = 5
  nullable    = false

  validation {
    condition     = var.throttling_rate_limit > 0 && var.throttling_rate_limit <= 1000
    error_message = "throttling_rate_limit must be above 0 and at most 1000 requests per second."
  }
}

variable "throttling_burst_limit" {
  type        = number
  description = "Burst the HTTP API's stage allows above throttling_rate_limit."
  default     = 10
  nullable    = false

  validation {
    condition     = var.throttling_burst_limit >= 1 && var.throttling_burst_limit <= 5000 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number from 1 to 5000."
  }
}

variable "merge_dry_run" {
  type        = bool
  description = "MERGE_DRY_RUN: every check runs, nothing is linked (the answer is 200 {\"linked\": false, \"reason\": \"dry-run\"}). null = the function's default (false)."
  default     = null
}

variable "merge_on_second_identity" {
  type        = string
  description = "MERGE_ON_SECOND_IDENTITY, as for the trigger: refuse (default) or link a second identity of one provider."
  default     = null

  validation {
    condition     = var.merge_on_second_identity == null ? true : contains(["refuse", "link"], var.merge_on_second_identity)
    error_message = "merge_on_second_identity must be null, \"refuse\" or \"link\"."
  }
}

variable "merge_link_notification_topic_arn" {
  type        = string
  description = "MERGE_LINK_NOTIFICATION_TOPIC_ARN: standard SNS topic told of each new link (as for the trigger). Adds sns:Publish on this topic only. null = no notification."
  default     = null

  validation {
    condition     = var.merge_link_notification_topic_arn == null ? true : can(regex("^arn:[a-z-]+:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.merge_link_notification_topic_arn))
    error_message = "merge_link_notification_topic_arn must be null or a standard (not FIFO) SNS topic ARN."
  }
}

variable "java_tool_options" {
  type        = string
  description = "JAVA_TOOL_OPTIONS for the java21 variant (ignored for native)."
  default     = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
  nullable    = false
}

variable "extra_environment_variables" {
  type        = map(string)
  description = "Further environment variables (for example MERGE_METRICS_NAMESPACE or QUARKUS_LOG_LEVEL). The settings this module types, the handler selection and names Lambda reserves are refused."
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([
      for k in keys(var.extra_environment_variables) :
      can(regex("^[A-Za-z][A-Za-z0-9_]*$", k)) &&
      !contains(["QUARKUS_LAMBDA_HANDLER", "MERGE_PROVIDER_NAMES", "MERGE_DRY_RUN", "MERGE_ON_SECOND_IDENTITY",
      "MERGE_LINK_NOTIFICATION_TOPIC_ARN", "JAVA_TOOL_OPTIONS", "_HANDLER", "_X_AMZN_TRACE_ID", "TZ"], upper(k)) &&
      !startswith(upper(k), "MERGE_SELF_SERVICE_") &&
      !startswith(upper(k), "MERGE_PROVIDER__") &&
      !startswith(upper(k), "AWS_") &&
      !startswith(upper(k), "LAMBDA_")
    ])
    error_message = "extra_environment_variables keys must be valid names, not QUARKUS_LAMBDA_HANDLER, MERGE_SELF_SERVICE_*, MERGE_PROVIDER__* or another setting this module types, and not reserved by Lambda (AWS_*, LAMBDA_*, _HANDLER, _X_AMZN_TRACE_ID, TZ)."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags for every resource the module creates."
  default     = {}
  nullable    = false
}
