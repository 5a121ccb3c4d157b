variable "user_pool_arn" {
  type        = string
  description = "ARN of the user pool the operator commands (reconcile, unlink, link, doctor) work on; the policies name only it."

  validation {
    condition     = can(regex("^arn:[^:]+:cognito-idp:[^:]+:[0-9]{12}:userpool/[\\w-]+_[0-9a-zA-Z]+$", var.user_pool_arn))
    error_message = "user_pool_arn must be a Cognito user pool ARN (arn:<partition>:cognito-idp:<region>:<account>:userpool/<pool id>)."
  }
}
