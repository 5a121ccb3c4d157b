variable "function_name" {
  type        = string
  description = "Name of the trigger function (the merge-trigger module's function_name output). Names the alarms (<function_name>-<alarm>), the dashboard and the saved queries' folder, and is the FunctionName dimension of the AWS/Lambda alarms."
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be a Lambda function name: 1-64 letters, digits, '-' or '_'."
  }
}

variable "log_group_name" {
  type        = string
  description = "Log group holding the function's audit lines (the merge-trigger module's log_group_name output); the saved Logs Insights queries run over it."
  nullable    = false

  validation {
    condition     = can(regex("^[.\\-_/#A-Za-z0-9]{1,512}$", var.log_group_name))
    error_message = "log_group_name must be a CloudWatch Logs group name (1-512 of letters, digits, '.', '-', '_', '/', '#')."
  }
}

variable "metrics_namespace" {
  type        = string
  description = "CloudWatch namespace of the function's EMF metrics: the value of MERGE_METRICS_NAMESPACE if the function has one. null = the function's default (CognitoOidcMerge, from emf-contract.json)."
  default     = null

  validation {
    # PutMetricData: 1-255 characters; a custom namespace may not start with AWS/ (reserved for AWS services).
    condition     = var.metrics_namespace == null ? true : (can(regex("^[A-Za-z0-9 ._/#:-]{1,255}$", var.metrics_namespace)) && !startswith(var.metrics_namespace, "AWS/"))
    error_message = "metrics_namespace must be null or 1-255 of letters, digits, space and . _ / # : - and must not start with AWS/."
  }
}

variable "alarms_enabled" {
  type        = bool
  description = "Create the CloudWatch metric alarms (reason alarms, unexplained Lambda errors, throttles, duration p99, Cognito throttles)."
  default     = true
  nullable    = false
}

variable "alarm_sns_topic_arns" {
  type        = list(string)
  description = "SNS topics that receive alarm notifications (ALARM, and OK when notify_on_ok). Empty = the alarms exist and change state, but notify nobody."
  default     = []
  nullable    = false

  validation {
    # Partition-agnostic (aws, aws-cn, aws-us-gov, ...): arn:<partition>:sns:<region>:<account>:<topic name, optionally .fifo>.
    condition     = alltrue([for arn in var.alarm_sns_topic_arns : can(regex("^arn:[^:]+:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?$", arn))])
    error_message = "Each alarm_sns_topic_arns entry must be an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:oncall."
  }

  validation {
    # CloudWatch accepts at most 5 actions per state.
    condition     = length(var.alarm_sns_topic_arns) <= 5 && length(distinct(var.alarm_sns_topic_arns)) == length(var.alarm_sns_topic_arns)
    error_message = "alarm_sns_topic_arns takes at most 5 distinct topics (CloudWatch's limit of actions per alarm state)."
  }
}

variable "notify_on_ok" {
  type        = bool
  description = "Also notify alarm_sns_topic_arns when an alarm returns to OK, so whoever was paged learns it is over."
  default     = true
  nullable    = false
}

# Default thresholds: one person who owns two accounts cannot sign in, but three ambiguous refusals in an hour mean
# data to clean up, not someone to wake. Disabled people trying now and then is expected; five in an hour means many
# accounts were disabled. Cognito allows 5 linked identities, so link-limit-reached is rare and each one is a support
# case. lookup-failed blocks every first federated sign-in while it lasts: page within minutes. internal-error is a
# bug: any occurrence.
variable "reason_alarms" {
  type = map(object({
    outcome             = optional(string, "refused")
    threshold           = optional(number, 1)
    period_seconds      = optional(number, 300)
    evaluation_periods  = optional(number, 1)
    datapoints_to_alarm = optional(number)
  }))
  description = "One alarm per audit reason, keyed by the reason code the function writes (decision/Reason.java). Fires when the Sum of Events with that outcome (default refused) and reason reaches threshold in datapoints_to_alarm (default: all) of evaluation_periods periods of period_seconds. A new reason is one more entry, e.g. \"protected-account\" = {}. With MERGE_ON_AMBIGUOUS or MERGE_ON_LOOKUP_FAILED = continue those events have outcome continued: set outcome = \"continued\" on their entry."
  default = {
    "ambiguous"          = { threshold = 3, period_seconds = 3600 }
    "candidate-disabled" = { threshold = 5, period_seconds = 3600 }
    "link-limit-reached" = { threshold = 1, period_seconds = 3600 }
    "lookup-failed"      = { threshold = 3, period_seconds = 300 }
    "internal-error"     = { threshold = 1, period_seconds = 300 }
  }
  nullable = false

  validation {
    condition     = alltrue([for reason in keys(var.reason_alarms) : can(regex("^[a-z][a-z0-9-]{0,62}$", reason))])
    error_message = "reason_alarms keys must be reason codes as the function writes them: lower-case kebab-case such as lookup-failed."
  }

  validation {
    condition     = alltrue([for a in values(var.reason_alarms) : contains(["refused", "continued"], a.outcome)])
    error_message = "reason_alarms outcome must be \"refused\" or \"continued\" (the outcomes that did not link)."
  }

  validation {
    condition     = alltrue([for a in values(var.reason_alarms) : a.threshold >= 1 && floor(a.threshold) == a.threshold])
    error_message = "reason_alarms threshold must be a whole number of events, at least 1."
  }

  validation {
    # EMF metrics are standard resolution: periods are multiples of 60 s. An alarm looks back at most one day.
    condition = alltrue([
      for a in values(var.reason_alarms) :
      a.period_seconds >= 60 && a.period_seconds % 60 == 0 && a.evaluation_periods >= 1 && floor(a.evaluation_periods) == a.evaluation_periods &&
      a.period_seconds * a.evaluation_periods <= 86400 &&
      (a.datapoints_to_alarm == null ? true : (a.datapoints_to_alarm >= 1 && a.datapoints_to_alarm <= a.evaluation_periods && floor(a.datapoints_to_alarm) == a.datapoints_to_alarm))
    ])
    error_message = "reason_alarms: period_seconds must be a multiple of 60, evaluation_periods a whole number >= 1 with period_seconds * evaluation_periods <= 86400, and datapoints_to_alarm (if set) between 1 and evaluation_periods."
  }
}

variable "lambda_errors_alarm" {
  type = object({
    threshold           = optional(number, 1)
    period_seconds      = optional(number, 300)
    evaluation_periods  = optional(number, 1)
    datapoints_to_alarm = optional(number)
  })
  description = "Alarm on Lambda Errors that no refusal explains: AWS/Lambda Errors minus the function's refused Events (a refusal is a thrown error, so Lambda counts it as one). What is left is timeouts, init failures (a bad MERGE_* setting) and crashes."
  default     = {}
  nullable    = false

  validation {
    condition = (
      var.lambda_errors_alarm.threshold >= 1 && var.lambda_errors_alarm.period_seconds >= 60 && var.lambda_errors_alarm.period_seconds % 60 == 0 &&
      var.lambda_errors_alarm.evaluation_periods >= 1 && floor(var.lambda_errors_alarm.evaluation_periods) == var.lambda_errors_alarm.evaluation_periods &&
      var.lambda_errors_alarm.period_seconds * var.lambda_errors_alarm.evaluation_periods <= 86400 &&
      (var.lambda_errors_alarm.datapoints_to_alarm == null ? true : (var.lambda_errors_alarm.datapoints_to_alarm >= 1 && var.lambda_errors_alarm.datapoints_to_alarm <= var.lambda_errors_alarm.evaluation_periods))
    )
    error_message = "lambda_errors_alarm: threshold >= 1, period_seconds a multiple of 60, evaluation_periods a whole number >= 1 with period_seconds * evaluation_periods <= 86400, datapoints_to_alarm (if set) between 1 and evaluation_periods."
  }
}

variable "lambda_throttles_alarm" {
  type = object({
    threshold           = optional(number, 1)
    period_seconds      = optional(number, 300)
    evaluation_periods  = optional(number, 1)
    datapoints_to_alarm = optional(number)
  })
  description = "Alarm on AWS/Lambda Throttles of the function: a throttled Pre sign-up invocation never runs, so that sign-in attempt fails."
  default     = {}
  nullable    = false

  validation {
    condition = (
      var.lambda_throttles_alarm.threshold >= 1 && var.lambda_throttles_alarm.period_seconds >= 60 && var.lambda_throttles_alarm.period_seconds % 60 == 0 &&
      var.lambda_throttles_alarm.evaluation_periods >= 1 && floor(var.lambda_throttles_alarm.evaluation_periods) == var.lambda_throttles_alarm.evaluation_periods &&
      var.lambda_throttles_alarm.period_seconds * var.lambda_throttles_alarm.evaluation_periods <= 86400 &&
      (var.lambda_throttles_alarm.datapoints_to_alarm == null ? true : (var.lambda_throttles_alarm.datapoints_to_alarm >= 1 && var.lambda_throttles_alarm.datapoints_to_alarm <= var.lambda_throttles_alarm.evaluation_periods))
    )
    error_message = "lambda_throttles_alarm: threshold >= 1, period_seconds a multiple of 60, evaluation_periods a whole number >= 1 with period_seconds * evaluation_periods <= 86400, datapoints_to_alarm (if set) between 1 and evaluation_periods."
  }
}

variable "cognito_throttles_alarm" {
  type = object({
    threshold           = optional(number, 30)
    period_seconds      = optional(number, 300)
    evaluation_periods  = optional(number, 1)
    datapoints_to_alarm = optional(number)
  })
  description = "Alarm on the Sum of the function's CognitoThrottles (throttled Cognito answers, retries included) over all outcomes: the account is at its Cognito request-rate quotas, shared with every other application. The default, 30 in 5 min, is above the occasional burst the function retries away; see docs/capacity.md."
  default     = {}
  nullable    = false

  validation {
    condition = (
      var.cognito_throttles_alarm.threshold >= 1 && floor(var.cognito_throttles_alarm.threshold) == var.cognito_throttles_alarm.threshold &&
      var.cognito_throttles_alarm.period_seconds >= 60 && var.cognito_throttles_alarm.period_seconds % 60 == 0 &&
      var.cognito_throttles_alarm.evaluation_periods >= 1 && floor(var.cognito_throttles_alarm.evaluation_periods) == var.cognito_throttles_alarm.evaluation_periods &&
      var.cognito_throttles_alarm.period_seconds * var.cognito_throttles_alarm.evaluation_periods <= 86400 &&
      (var.cognito_throttles_alarm.datapoints_to_alarm == null ? true : (var.cognito_throttles_alarm.datapoints_to_alarm >= 1 && var.cognito_throttles_alarm.datapoints_to_alarm <= var.cognito_throttles_alarm.evaluation_periods && floor(var.cognito_throttles_alarm.datapoints_to_alarm) == var.cognito_throttles_alarm.datapoints_to_alarm))
    )
    error_message = "cognito_throttles_alarm: threshold a whole number >= 1, period_seconds a multiple of 60, evaluation_periods a whole number >= 1 with period_seconds * evaluation_periods <= 86400, datapoints_to_alarm (if set) a whole number between 1 and evaluation_periods."
  }
}

variable "duration_alarm" {
  type = object({
    budget_share        = optional(number, 0.8)
    period_seconds      = optional(number, 300)
    evaluation_periods  = optional(number, 3)
    datapoints_to_alarm = optional(number, 2)
  })
  description = "Alarm on AWS/Lambda Duration p99 at or above budget_share of Cognito's fixed 5 s wait (0.8 = 4000 ms), in datapoints_to_alarm of evaluation_periods periods. Past 5 s Cognito gives up and the sign-in fails."
  default     = {}
  nullable    = false

  validation {
    condition     = var.duration_alarm.budget_share > 0 && var.duration_alarm.budget_share <= 1
    error_message = "duration_alarm.budget_share must be above 0 and at most 1 (a share of Cognito's 5 s budget)."
  }

  validation {
    condition = (
      var.duration_alarm.period_seconds >= 60 && var.duration_alarm.period_seconds % 60 == 0 &&
      var.duration_alarm.evaluation_periods >= 1 && floor(var.duration_alarm.evaluation_periods) == var.duration_alarm.evaluation_periods &&
      var.duration_alarm.period_seconds * var.duration_alarm.evaluation_periods <= 86400 &&
      var.duration_alarm.datapoints_to_alarm >= 1 && var.duration_alarm.datapoints_to_alarm <= var.duration_alarm.evaluation_periods
    )
    error_message = "duration_alarm: period_seconds a multiple of 60, evaluation_periods a whole number >= 1 with period_seconds * evaluation_periods <= 86400, datapoints_to_alarm between 1 and evaluation_periods."
  }
}

variable "dashboard_enabled" {
  type        = bool
  description = "Create the CloudWatch dashboard <function_name>: outcomes, refusals and continues by reason, Cognito calls per invocation, duration percentiles against the 5 s line, errors and throttles."
  default     = true
  nullable    = false
}

variable "saved_queries_enabled" {
  type        = bool
  description = "Save the runbook's Logs Insights queries (aws_cloudwatch_query_definition) in the folder cognito-oidc-merge/<function_name>/."
  default     = true
  nullable    = false
}

variable "tags" {
  type        = map(string)
  description = "Tags for the alarms (dashboards and saved queries take no tags)."
  default     = {}
  nullable    = false
}

variable "self_service_function_name" {
  type        = string
  description = "Name of the self-service link function (the self-service-link module's function_name output), when the endpoint is deployed: adds its alarms (refusals by reason, Lambda errors, throttles). null = none."
  default     = null

  validation {
    condition     = var.self_service_function_name == null ? true : can(regex("^[A-Za-z0-9_-]{1,64}$", var.self_service_function_name))
    error_message = "self_service_function_name must be null or a Lambda function name."
  }
}

# Defaults: unavailable (Cognito or the issuers' keys out of reach) stops every link while it lasts; internal-error is a
# bug; a burst of invalid tokens is someone trying forged or stolen tokens; identity-has-profile is a support case.
variable "self_service_reason_alarms" {
  type = map(object({
    threshold      = optional(number, 1)
    period_seconds = optional(number, 300)
  }))
  description = "One alarm per refusal reason of the self-service endpoint (decision/SelfServiceReason.java codes): fires when the Sum of SelfServiceRequests refused with that reason reaches threshold in period_seconds. Only with self_service_function_name."
  default = {
    "unavailable"          = { threshold = 3, period_seconds = 300 }
    "internal-error"       = { threshold = 1, period_seconds = 300 }
    "invalid-token"        = { threshold = 20, period_seconds = 300 }
    "identity-has-profile" = { threshold = 1, period_seconds = 3600 }
  }
  nullable = false

  validation {
    condition     = alltrue([for reason in keys(var.self_service_reason_alarms) : can(regex("^[a-z][a-z0-9-]{0,62}$", reason))])
    error_message = "self_service_reason_alarms keys must be reason codes as the endpoint writes them, such as unavailable."
  }

  validation {
    condition     = alltrue([for a in values(var.self_service_reason_alarms) : a.threshold >= 1 && floor(a.threshold) == a.threshold && a.period_seconds >= 60 && a.period_seconds % 60 == 0 && a.period_seconds <= 86400])
    error_message = "self_service_reason_alarms: threshold a whole number >= 1, period_seconds a multiple of 60 up to 86400."
  }
}
