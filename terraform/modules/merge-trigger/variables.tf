variable "function_name" {
  type        = string
  description = "Name of the Lambda function. Also names its log group (/aws/lambda/<name>) and execution role (<name>-role)."
  default     = "oidc-merge-pre-sign-up"
  nullable    = false

  validation {
    # Lambda: 1-64 letters, digits, hyphens, underscores. The role name adds 5 characters ("-role") and IAM allows 64.
    condition     = can(regex("^[A-Za-z0-9_-]{1,59}$", var.function_name))
    error_message = "function_name must be 1-59 characters of letters, digits, '-' or '_' (59 leaves room for the '-role' suffix of the IAM role)."
  }
}

variable "function_zip_path" {
  type        = string
  description = "Path to the Maven-built deployment package (target/function.zip). Terraform only uploads it; it never builds it."
  nullable    = false

  validation {
    condition     = can(regex("\\.zip$", var.function_zip_path))
    error_message = "function_zip_path must point at a .zip file (the Quarkus build writes target/function.zip)."
  }
}

variable "runtime" {
  type        = string
  description = "Which build function.zip holds: \"native\" (Quarkus native executable, runtime provided.al2023, handler bootstrap) or \"java21\" (JVM build, runtime java21 with SnapStart on a published version)."
  default     = "native"
  nullable    = false

  validation {
    condition     = contains(["native", "java21"], var.runtime)
    error_message = "runtime must be \"native\" or \"java21\"."
  }
}

variable "architecture" {
  type        = string
  description = "Instruction set of the function: \"arm64\" or \"x86_64\". null (the default) follows the package: the architecture function-package.json records for a native build, arm64 for a JVM build. A value that differs from the package's is refused at plan time: a native executable built for another architecture cannot start, and every sign-up of the pool would fail."
  default     = null

  validation {
    condition     = var.architecture == null || contains(["arm64", "x86_64"], coalesce(var.architecture, "arm64"))
    error_message = "architecture must be \"arm64\", \"x86_64\" or null (follow the package)."
  }
}

variable "package_manifest_path" {
  type        = string
  description = "Path to function-package.json, which the Maven build writes next to function.zip (packaging and architecture, read from the package itself). null = function-package.json in the folder of function_zip_path."
  default     = null

  validation {
    condition     = var.package_manifest_path == null || can(regex("\\.json$", coalesce(var.package_manifest_path, "x.json")))
    error_message = "package_manifest_path must point at the function-package.json the build writes."
  }
}

variable "memory_size" {
  type        = number
  description = "Memory in MB. CPU scales with it; the JVM variant needs more than the native one to stay inside Cognito's 5 s budget."
  default     = 512
  nullable    = false

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "log_retention_in_days" {
  type        = number
  description = "Retention of the function's log group /aws/lambda/<name>. The log holds masked e-mail addresses (first character and domain, j***@example.com) and Cognito usernames of users who signed in, so keep it short."
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "user_pool_arn" {
  type        = string
  description = "ARN of the user pool whose Pre sign-up trigger this function is. Scopes the IAM policy and is the source_arn of the invoke permission. The function itself never receives it (it reads event.userPoolId), which is what keeps pool and function free of a dependency cycle."
  nullable    = false

  validation {
    condition     = can(regex("^arn:[^:]+:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/[a-z0-9-]+_[0-9A-Za-z]+$", var.user_pool_arn))
    error_message = "user_pool_arn must be a user pool ARN such as arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123."
  }
}

variable "merge_provider_names" {
  type        = list(string)
  description = "MERGE_PROVIDER_NAMES: identity provider names (as configured in the pool) whose first sign-in the function links to the native account. Pass the same literal you give the oidc-provider module, not that module's output: the function must not depend on the pool."
  nullable    = false

  validation {
    condition     = length(var.merge_provider_names) > 0
    error_message = "merge_provider_names must name at least one identity provider."
  }

  validation {
    # Cognito's ProviderName pattern is [^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+ (1-32 chars). The function splits
    # userName "<ProviderName>_<subject>" on the first '_', so an underscore anywhere is refused, and ',' is the list separator.
    condition = alltrue([
      for n in var.merge_provider_names :
      length(n) <= 32 && can(regex("^[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+$", n)) && !strcontains(n, "_") && !strcontains(n, ",")
    ])
    error_message = "Each provider name must be 3-32 characters, without whitespace, '_' or ',' (Cognito provider name rules; the function splits the user name on the first '_')."
  }
}

variable "merge_subject_attribute" {
  type        = string
  description = "MERGE_SUBJECT_ATTRIBUTE: user attribute in the event that carries the IdP subject unchanged (for example custom:idp_sub, mapped from the sub claim). null = the function takes the subject from userName, which case-insensitive pools may lower-case."
  default     = null

  validation {
    # Only a custom attribute: mapping sub onto a standard attribute (the seed blog used name) overwrites native data at every sign-in.
    condition     = var.merge_subject_attribute == null ? true : can(regex("^custom:[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,20}$", var.merge_subject_attribute))
    error_message = "merge_subject_attribute must be null or a custom attribute such as custom:idp_sub (name 1-20 characters)."
  }
}

variable "merge_provider_trust" {
  type = map(object({
    require_verified_email = optional(bool)
    subject_attribute      = optional(string)
  }))
  description = "Per-provider trust, keyed by a name in merge_provider_names; unset attributes use merge_require_verified_email / merge_subject_attribute. Passed as MERGE_PROVIDER__<NAME>__REQUIRE_VERIFIED_EMAIL and MERGE_PROVIDER__<NAME>__SUBJECT_ATTRIBUTE, <NAME> being the provider name upper-cased with every character other than A-Z and 0-9 as '_'. Example: a SAML provider, which sends no email_verified: { \"CorpSAML\" = { require_verified_email = false } }."
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for name in keys(var.merge_provider_trust) : contains(var.merge_provider_names, name)])
    error_message = "Every merge_provider_trust key must be one of merge_provider_names."
  }

  validation {
    # The function matches a key to a provider by that upper-cased form, so two providers must not share it.
    condition     = length(distinct([for name in var.merge_provider_names : upper(replace(name, "/[^A-Za-z0-9]/", "_"))])) == length(var.merge_provider_names) || length(var.merge_provider_trust) == 0
    error_message = "merge_provider_trust needs provider names that stay distinct once upper-cased with every character other than A-Z and 0-9 as '_'."
  }

  validation {
    condition = alltrue([
      for t in values(var.merge_provider_trust) :
      t.subject_attribute == null ? true : can(regex("^custom:[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,20}$", t.subject_attribute))
    ])
    error_message = "A provider's subject_attribute must be null or a custom attribute such as custom:idp_sub (name 1-20 characters)."
  }
}

variable "merge_require_verified_email" {
  type        = bool
  description = "MERGE_REQUIRE_VERIFIED_EMAIL: link only when the IdP asserts email_verified = true. null = function default (true)."
  default     = null
}

variable "merge_dry_run" {
  type        = bool
  description = "MERGE_DRY_RUN: decide and log, but never call AdminLinkProviderForUser. null = function default (false)."
  default     = null
}

variable "merge_on_ambiguous" {
  type        = string
  description = "MERGE_ON_AMBIGUOUS: what to do when more than one native account matches the e-mail: \"refuse\" the sign-in or \"continue\" without linking. null = function default (refuse)."
  default     = null

  validation {
    condition     = var.merge_on_ambiguous == null ? true : contains(["refuse", "continue"], var.merge_on_ambiguous)
    error_message = "merge_on_ambiguous must be null, \"refuse\" or \"continue\"."
  }
}

variable "merge_on_lookup_failed" {
  type        = string
  description = "MERGE_ON_LOOKUP_FAILED: what to do when Cognito cannot be asked or answers with an error after retries: \"refuse\" the sign-in or \"continue\" without linking. null = function default (refuse)."
  default     = null

  validation {
    condition     = var.merge_on_lookup_failed == null ? true : contains(["refuse", "continue"], var.merge_on_lookup_failed)
    error_message = "merge_on_lookup_failed must be null, \"refuse\" or \"continue\"."
  }
}

variable "merge_time_budget" {
  type        = string
  description = "MERGE_TIME_BUDGET: upper bound for one invocation, as <n>ms or <n>s (for example 4500ms). Must be above 0 and below 5s, Cognito's fixed wait for the trigger. null = function default (4500ms)."
  default     = null

  validation {
    # <n>s or <n>ms converted to milliseconds; anything unparsable makes try() return false.
    condition = var.merge_time_budget == null ? true : try(
      tonumber(regex("^([0-9]{1,5})(?:ms|s)$", var.merge_time_budget)[0]) * (endswith(var.merge_time_budget, "ms") ? 1 : 1000) > 0 &&
      tonumber(regex("^([0-9]{1,5})(?:ms|s)$", var.merge_time_budget)[0]) * (endswith(var.merge_time_budget, "ms") ? 1 : 1000) < 5000,
      false
    )
    error_message = "merge_time_budget must be null or a duration like 4500ms or 4s that is above 0 and below 5s (Cognito waits 5 s for the trigger)."
  }
}

variable "when_no_native_user" {
  type        = string
  description = "MERGE_WHEN_NO_NATIVE_USER: a federated first sign-in whose email no user holds: \"continue\" (Cognito creates a federated-only user) or \"create-and-link\" (the function creates the native user, sets a random permanent password and links the identity; the policy then also allows DescribeUserPool, AdminCreateUser and AdminSetUserPassword on the pool; the pool's schema needs the String attribute custom:merge_created, which the user-pool module declares). null = function default (continue)."
  default     = null

  validation {
    condition     = var.when_no_native_user == null ? true : contains(["continue", "create-and-link"], var.when_no_native_user)
    error_message = "when_no_native_user must be null, \"continue\" or \"create-and-link\"."
  }
}

variable "native_sign_up_guard" {
  type        = string
  description = "MERGE_NATIVE_SIGN_UP_GUARD: a native sign-up whose email a federated-only user holds: \"off\" or \"refuse\" (one ListUsers per native sign-up; the message confirms that an account exists). null = function default (off)."
  default     = null

  validation {
    condition     = var.native_sign_up_guard == null ? true : contains(["off", "refuse"], var.native_sign_up_guard)
    error_message = "native_sign_up_guard must be null, \"off\" or \"refuse\"."
  }
}

variable "protected_accounts" {
  type        = string
  description = "MERGE_PROTECTED_ACCOUNTS: which native accounts are never linked automatically, because a linked IdP sign-in gets the account and its groups without the account's MFA: \"off\", \"mfa\" (any MFA method registered; adds cognito-idp:AdminGetUser to the policy) or \"mfa-and-groups\" (also members of protected_groups; adds cognito-idp:AdminListGroupsForUser too). A refused person keeps signing in the usual way; an operator can link deliberately. null = function default (mfa)."
  default     = null

  validation {
    condition     = var.protected_accounts == null ? true : contains(["off", "mfa", "mfa-and-groups"], var.protected_accounts)
    error_message = "protected_accounts must be null, \"off\", \"mfa\" or \"mfa-and-groups\"."
  }
}

variable "protected_groups" {
  type        = list(string)
  description = "MERGE_PROTECTED_GROUPS: Cognito group names (exact case) whose members are never linked automatically. Required, and only allowed, with protected_accounts = \"mfa-and-groups\"."
  default     = []
  nullable    = false

  validation {
    # CreateGroup's GroupName: 1-128 letters, marks, symbols, numbers, punctuation; ',' separates the list.
    condition     = alltrue([for g in var.protected_groups : length(g) <= 128 && can(regex("^[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+$", g)) && !strcontains(g, ",")])
    error_message = "Each protected group must be a Cognito group name: 1-128 characters, no whitespace and no ','."
  }

  validation {
    condition     = (var.protected_accounts == "mfa-and-groups") == (length(var.protected_groups) > 0)
    error_message = "protected_groups must name at least one group when protected_accounts is \"mfa-and-groups\", and must be empty otherwise (the function reads groups only in that mode)."
  }
}

variable "merge_protected_account_message" {
  type        = string
  description = "MERGE_PROTECTED_ACCOUNT_MESSAGE: the text a person sees when their account is protected (one line, at most 200 characters; Cognito shows it verbatim). null = function default, which tells the person to keep signing in the usual way."
  default     = null

  validation {
    condition     = var.merge_protected_account_message == null ? true : (length(trimspace(var.merge_protected_account_message)) > 0 && length(var.merge_protected_account_message) <= 200 && !can(regex("[\\x00-\\x1f]", var.merge_protected_account_message)))
    error_message = "merge_protected_account_message must be null or one line of 1-200 characters."
  }
}

variable "merge_on_second_identity" {
  type        = string
  description = "MERGE_ON_SECOND_IDENTITY: what to do when the native account already holds a different identity of the same provider (a reassigned mailbox or a second IdP account): \"refuse\" the sign-in or \"link\" it as well. null = function default (refuse)."
  default     = null

  validation {
    condition     = var.merge_on_second_identity == null ? true : contains(["refuse", "link"], var.merge_on_second_identity)
    error_message = "merge_on_second_identity must be null, \"refuse\" or \"link\"."
  }
}

variable "merge_link_notification_topic_arn" {
  type        = string
  description = "MERGE_LINK_NOTIFICATION_TOPIC_ARN: standard SNS topic that receives one message per new link (pool, provider, destination username masked when it is an e-mail, time), so an application can tell the account owner that a sign-in method was added. Adds sns:Publish on this topic only. null = no notification, no SNS permission."
  default     = null

  validation {
    condition     = var.merge_link_notification_topic_arn == null ? true : can(regex("^arn:[a-z-]+:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.merge_link_notification_topic_arn))
    error_message = "merge_link_notification_topic_arn must be null or a standard (not FIFO) SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:account-links."
  }
}

variable "java_tool_options" {
  type        = string
  description = "JAVA_TOOL_OPTIONS for the java21 variant (ignored for native). The default trades peak speed for a shorter cold start (C1 only)."
  default     = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
  nullable    = false
}

variable "extra_environment_variables" {
  type        = map(string)
  description = "Further environment variables for the function, for example QUARKUS_LOG_LEVEL or the function's other settings (MERGE_DEADLINE_MARGIN, MERGE_METRICS_NAMESPACE). The MERGE_* settings that have a variable here must be set through it, and names Lambda reserves are refused."
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([
      for k in keys(var.extra_environment_variables) :
      can(regex("^[A-Za-z][A-Za-z0-9_]*$", k)) &&
      !contains([
        "MERGE_PROVIDER_NAMES", "MERGE_SUBJECT_ATTRIBUTE", "MERGE_REQUIRE_VERIFIED_EMAIL", "MERGE_DRY_RUN",
        "MERGE_ON_AMBIGUOUS", "MERGE_ON_LOOKUP_FAILED", "MERGE_TIME_BUDGET", "JAVA_TOOL_OPTIONS",
        "MERGE_WHEN_NO_NATIVE_USER", "MERGE_NATIVE_SIGN_UP_GUARD",
        "MERGE_PROTECTED_ACCOUNTS", "MERGE_PROTECTED_GROUPS", "MERGE_PROTECTED_ACCOUNT_MESSAGE", "MERGE_ON_SECOND_IDENTITY",
        "MERGE_LINK_NOTIFICATION_TOPIC_ARN", "MERGE_LINK_NOTIFICATION_ENDPOINT_OVERRIDE",
        "_HANDLER", "_X_AMZN_TRACE_ID", "TZ",
      ], upper(k)) &&
      !startswith(upper(k), "AWS_") &&
      !startswith(upper(k), "MERGE_PROVIDER__") &&
      !startswith(upper(k), "LAMBDA_")
    ])
    error_message = "extra_environment_variables keys must be valid names, not one of the MERGE_* settings this module types (use the merge_* variables; MERGE_PROVIDER__* is merge_provider_trust) or JAVA_TOOL_OPTIONS (use java_tool_options), and not reserved by Lambda (AWS_*, LAMBDA_*, _HANDLER, _X_AMZN_TRACE_ID, TZ)."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags for every resource the module creates."
  default     = {}
  nullable    = false
}
