variable "region" {
  type        = string
  description = "AWS region for the pool and the function."
  default     = "us-east-1"
  nullable    = false
}

variable "name" {
  type        = string
  description = "Base name: pool <name>, function <name>-pre-sign-up, role <name>-pre-sign-up-role."
  default     = "oidc-merge"
  nullable    = false
}

variable "function_zip_path" {
  type        = string
  description = "Path to the Maven-built target/function.zip (native or JVM build, see runtime)."
  nullable    = false
}

variable "runtime" {
  type        = string
  description = "\"native\" for a native build (-Dnative), \"java21\" for a JVM build."
  default     = "native"
  nullable    = false
}

variable "architecture" {
  type        = string
  description = "\"arm64\" or \"x86_64\". null = the architecture of the package (function-package.json, written by the build next to function.zip); a value that differs from it is refused at plan time."
  default     = null
}

variable "descope_project_id" {
  type        = string
  description = "Descope project id (Project settings), used as OIDC client id and in the default issuer."
  nullable    = false
}

variable "descope_access_key" {
  type        = string
  description = "Descope access key, used as OIDC client secret. Put it in terraform.tfvars (git-ignored) or TF_VAR_descope_access_key."
  sensitive   = true
  nullable    = false
}

variable "descope_issuer_url" {
  type        = string
  description = "OIDC issuer; null = https://api.descope.com/<descope_project_id>. Set it when Descope serves your project from a custom domain."
  default     = null
}

variable "callback_urls" {
  type        = list(string)
  description = "Where Cognito may send users back after sign-in; the first one goes into the authorize_url output."
  default     = ["http://localhost:3000/callback"]
  nullable    = false
}

variable "logout_urls" {
  type        = list(string)
  description = "Where Cognito may send users after sign-out."
  default     = ["http://localhost:3000/"]
  nullable    = false
}

variable "deletion_protection" {
  type        = string
  description = "ACTIVE (default) blocks deleting the pool; apply with INACTIVE before terraform destroy."
  default     = "ACTIVE"
  nullable    = false
}

variable "attach_trigger" {
  type        = bool
  description = "false detaches the Pre sign-up trigger from the pool (the function, its policy and permission stay), for example to stop linking at once."
  default     = true
  nullable    = false
}

variable "merge_dry_run" {
  type        = bool
  description = "MERGE_DRY_RUN for the function: log the decisions without linking. null = function default (false)."
  default     = null
}

variable "when_no_native_user" {
  type        = string
  description = "MERGE_WHEN_NO_NATIVE_USER for the function: \"create-and-link\" creates the native user on a federated first sign-in (and lets the role create users). null = function default (continue)."
  default     = null
}

variable "native_sign_up_guard" {
  type        = string
  description = "MERGE_NATIVE_SIGN_UP_GUARD for the function: \"refuse\" refuses a native sign-up whose email a federated-only user holds. null = function default (off)."
  default     = null
}

variable "log_retention_in_days" {
  type        = number
  description = "Retention of the function's log group."
  default     = 30
  nullable    = false
}

variable "monitoring_enabled" {
  type        = bool
  description = "Create CloudWatch alarms, a dashboard and saved Logs Insights queries for the trigger (modules/monitoring)."
  default     = true
  nullable    = false
}

variable "alarm_sns_topic_arns" {
  type        = list(string)
  description = "SNS topics the alarms notify (ALARM and OK). Empty = the alarms exist but notify nobody."
  default     = []
  nullable    = false
}

variable "cognito_passkeys" {
  type = object({
    enabled           = optional(bool, false)
    relying_party_id  = optional(string)
    user_verification = optional(string, "preferred")
  })
  description = "Cognito's own passkeys beside Descope, for example { enabled = true }: Essentials plan (unless feature_plan = \"PLUS\"), WEB_AUTHN and PASSWORD as first factors, ALLOW_USER_AUTH on the client, managed login on the domain. See modules/user-pool and docs/choosing.md."
  default     = {}
  nullable    = false
}

variable "feature_plan" {
  type        = string
  description = "Cognito feature plan: LITE, ESSENTIALS or PLUS. null = Cognito's default for a new pool (ESSENTIALS), and ESSENTIALS with cognito_passkeys."
  default     = null
}

variable "custom_domain" {
  type = object({
    domain          = string
    certificate_arn = string
  })
  description = "Optional custom domain for the hosted pages ({ domain = \"auth.example.com\", certificate_arn = <ACM ARN in us-east-1> }); with Cognito passkeys it becomes the relying party."
  default     = null
}

variable "self_service_link_enabled" {
  type        = bool
  description = "Deploy the self-service link endpoint (modules/self-service-link): the same function.zip behind an HTTP API, with an app client for the native sign-in that proves the account."
  default     = false
  nullable    = false
}

variable "self_service_allowed_origins" {
  type        = list(string)
  description = "Origins of the application pages that call the endpoint, such as https://app.example.com (CORS and the function's own check). Empty = no browser may call it."
  default     = []
  nullable    = false
}
