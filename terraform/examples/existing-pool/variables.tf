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
