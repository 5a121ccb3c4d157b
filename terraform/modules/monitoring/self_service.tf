# ---- self-service link endpoint (optional) -------------------------------------------------------------------------
# The self-service-link module's function writes SelfService* metrics (emf-contract.json, "self_service") beside the
# trigger's, in the same namespace. Its refusals are answers (HTTP 4xx), not Lambda errors, so AWS/Lambda Errors
# counts only crashes and timeouts there.

locals {
  self_service_requests = { name = "SelfServiceRequests", unit = local.contract.self_service.metrics["SelfServiceRequests"] }
  self_service_alarms   = var.alarms_enabled && var.self_service_function_name != null ? var.self_service_reason_alarms : {}
}

resource "aws_cloudwatch_metric_alarm" "self_service_reason" {
  for_each = local.self_service_alarms

  alarm_name        = "${var.self_service_function_name}-refused-${each.key}"
  alarm_description = "At least ${each.value.threshold} self-service link request(s) refused with ${each.key} in ${each.value.period_seconds} s. ${local.runbook}"

  namespace   = local.namespace
  metric_name = local.self_service_requests.name
  unit        = local.self_service_requests.unit
  dimensions = {
    outcome = "refused"
    reason  = each.key
  }
  statistic = "Sum"

  period              = each.value.period_seconds
  evaluation_periods  = 1
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"

  # No such refusal in a period is the good case.
  treat_missing_data = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.ok_actions
  tags          = var.tags
}

resource "aws_cloudwatch_metric_alarm" "self_service_errors" {
  count = var.alarms_enabled && var.self_service_function_name != null ? 1 : 0

  alarm_name        = "${var.self_service_function_name}-errors"
  alarm_description = "The self-service link function failed (a crash, a timeout, an init failure such as a bad MERGE_SELF_SERVICE_* setting) at least once in 300 s: refusals are answers, not errors. ${local.runbook}"

  namespace   = "AWS/Lambda"
  metric_name = "Errors"
  dimensions  = { FunctionName = var.self_service_function_name }
  statistic   = "Sum"

  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.ok_actions
  tags          = var.tags
}

resource "aws_cloudwatch_metric_alarm" "self_service_throttles" {
  count = var.alarms_enabled && var.self_service_function_name != null ? 1 : 0

  alarm_name        = "${var.self_service_function_name}-throttles"
  alarm_description = "Lambda throttled the self-service link function at least once in 300 s. ${local.runbook}"

  namespace   = "AWS/Lambda"
  metric_name = "Throttles"
  dimensions  = { FunctionName = var.self_service_function_name }
  statistic   = "Sum"

  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.ok_actions
  tags          = var.tags
}

locals {
  self_service_alarm_names = merge(
    { for reason, a in aws_cloudwatch_metric_alarm.self_service_reason : "refused-${reason}" => a.alarm_name },
    { for a in aws_cloudwatch_metric_alarm.self_service_errors : "errors" => a.alarm_name },
    { for a in aws_cloudwatch_metric_alarm.self_service_throttles : "throttles" => a.alarm_name },
  )
}
