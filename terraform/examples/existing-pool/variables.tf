variable "region" {
  type        = string
  description = "Region of the existing user pool."
  default     = "us-east-1"
  nullable    = false
}

variable "user_pool_id" {
  type        = string
  description = "Id of the existing user pool (for example eu-west-1_AbCdEf123)."
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9-]+_[0-9A-Za-z]+$", var.user_pool_id))
    error_message = "user_pool_id must look like <region>_<id>, for example eu-west-1_AbCdEf123."
  }
}

variable "function_name" {
  type        = string
  description = "Name of the trigger function."
  default     = "oidc-merge-pre-sign-up"
  nullable    = false
}

variable "function_zip_path" {
  type        = string
  description = "Path to the Maven-built target/function.zip."
  nullable    = false
}

variable "runtime" {
  type        = string
  description = "\"native\" or \"java21\"; must match the build."
  default     = "native"
  nullable    = false
}

variable "architecture" {
  type        = string
  description = "\"arm64\" or \"x86_64\". null = the architecture of the package (function-package.json, written by the build next to function.zip); a value that differs from it is refused at plan time."
  default     = null
}

variable "log_retention_in_days" {
  type        = number
  description = "Retention of the function's log group. The audit lines hold masked e-mail addresses only; keep it as short as your audit needs allow."
  default     = 30
  nullable    = false
}

variable "merge_dry_run" {
  type        = bool
  description = "true: the trigger decides and writes its audit line but links nothing. A safe first step on a pool with real users."
  default     = false
  nullable    = false
}

variable "replace_existing_pre_sign_up_trigger" {
  type        = bool
  description = "The plan refuses to attach the trigger while the pool's Pre sign-up trigger is another function. true replaces that function deliberately (what it did stops)."
  default     = false
  nullable    = false
}

variable "descope_project_id" {
  type        = string
  description = "Descope project id (OIDC client id)."
  nullable    = false
}

variable "descope_access_key" {
  type        = string
  description = "Descope access key (OIDC client secret)."
  sensitive   = true
  nullable    = false
}

variable "descope_issuer_url" {
  type        = string
  description = "OIDC issuer; null = https://api.descope.com/<descope_project_id>."
  default     = null
}

variable "subject_attribute_name" {
  type        = string
  description = "Name (without custom:) of a custom attribute that already exists in the pool and should receive the Descope sub, for example idp_sub. Recommended for case-insensitive pools; add it first with aws cognito-idp add-custom-attributes (see README). null = the trigger reads the subject from userName."
  default     = null
}

variable "attach_trigger" {
  type        = bool
  description = "false detaches the Pre sign-up trigger (first step before terraform destroy)."
  default     = true
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

variable "self_service_link_enabled" {
  type        = bool
  description = "Deploy the self-service link endpoint (modules/self-service-link) for this pool."
  default     = false
  nullable    = false
}

variable "self_service_client_ids" {
  type        = list(string)
  description = "App clients of the existing pool whose ID tokens prove the native sign-in (required when self_service_link_enabled)."
  default     = []
  nullable    = false
}

variable "self_service_allowed_origins" {
  type        = list(string)
  description = "Origins of the application pages that call the endpoint, such as https://app.example.com."
  default     = []
  nullable    = false
}
