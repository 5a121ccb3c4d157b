locals {
  # The function's EMF, as one file that both this module and the Java metric-contract test read: an alarm on a
  # metric, dimension set or unit the function does not emit would never leave OK (docs/cognito-facts.md#emf-exact-dimensions).
  # Indexing contract.metrics by name makes a metric renamed in the contract fail the plan here, not go quiet.
  contract      = jsondecode(file("${path.module}/emf-contract.json"))
  namespace     = coalesce(var.metrics_namespace, local.contract.namespace)
  events        = { name = "Events", unit = local.contract.metrics["Events"] }
  cognito_calls = { name = "CognitoCalls", unit = local.contract.metrics["CognitoCalls"] }
  throttles     = { name = "CognitoThrottles", unit = local.contract.metrics["CognitoThrottles"] }
  duration_ms   = { name = "DurationMs", unit = local.contract.metrics["DurationMs"] }

  # Cognito waits 5 s for the trigger and does not let you change that (docs/cognito-facts.md#trigger-budget).
  cognito_budget_ms  = 5000
  duration_threshold = var.duration_alarm.budget_share * local.cognito_budget_ms

  alarm_actions = var.alarm_sns_topic_arns
  ok_actions    = var.notify_on_ok ? var.alarm_sns_topic_arns : []

  runbook = "Runbook: docs/runbook.md."
  # The launch-day alarm's runbook lives with the capacity figures it is read against.
  capacity_runbook = "Runbook: docs/runbook.md, 'cognito-throttles'; capacity: docs/capacity.md."

  query_folder = "cognito-oidc-merge/${var.function_name}"
}

# ---- alarms --------------------------------------------------------------------------------------------------------
# treat_missing_data (docs/cognito-facts.md#treat-missing-data): every alarm here is notBreaching, each for its own
# reason, written at the alarm. None is "missing" (the default) or "breaching": a quiet pool publishes no EMF line and
# no Lambda datapoint for hours, and either would leave the alarm INSUFFICIENT_DATA or page every night.

resource "aws_cloudwatch_metric_alarm" "reason" {
  for_each = var.alarms_enabled ? var.reason_alarms : {}

  alarm_name        = "${var.function_name}-${each.value.outcome}-${each.key}"
  alarm_description = "At least ${each.value.threshold} sign-in(s) ${each.value.outcome} with reason ${each.key} in ${coalesce(each.value.datapoints_to_alarm, each.value.evaluation_periods)} of ${each.value.evaluation_periods} period(s) of ${each.value.period_seconds} s. Saved query: ${local.query_folder}/${each.value.outcome}-${each.key}. ${local.runbook}"

  # EMF publishes the [outcome, reason] set as its own metric: it is only found with exactly these two dimensions.
  namespace   = local.namespace
  metric_name = local.events.name
  unit        = local.events.unit
  dimensions = {
    outcome = each.value.outcome
    reason  = each.key
  }
  statistic = "Sum"

  period              = each.value.period_seconds
  evaluation_periods  = each.value.evaluation_periods
  datapoints_to_alarm = coalesce(each.value.datapoints_to_alarm, each.value.evaluation_periods)
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"

  # No line with this reason in a period means no such event: that is the good case, not an unknown one. With
  # "ignore" an internal-error alarm would stay in ALARM until the next sign-in, possibly hours later.
  treat_missing_data = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.ok_actions
  tags          = var.tags
}

# A refusal is a thrown error, so Lambda counts it in Errors (docs/cognito-facts.md#lambda-errors-include-refusals).
# Errors minus refused Events leaves what no audit line explains: timeouts, init failures, crashes.
resource "aws_cloudwatch_metric_alarm" "unexplained_errors" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name        = "${var.function_name}-unexplained-errors"
  alarm_description = "Lambda Errors not explained by a refusal (timeouts, init failures such as a bad MERGE_* setting, crashes): at least ${var.lambda_errors_alarm.threshold} in ${coalesce(var.lambda_errors_alarm.datapoints_to_alarm, var.lambda_errors_alarm.evaluation_periods)} of ${var.lambda_errors_alarm.evaluation_periods} period(s) of ${var.lambda_errors_alarm.period_seconds} s. Saved query: ${local.query_folder}/unexplained-errors. ${local.runbook}"

  metric_query {
    id          = "unexplained"
    expression  = "FILL(errors, 0) - FILL(refusals, 0)"
    label       = "Lambda errors not explained by a refusal"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/Lambda"
      metric_name = "Errors"
      dimensions  = { FunctionName = var.function_name }
      period      = var.lambda_errors_alarm.period_seconds
      stat        = "Sum"
    }
  }

  metric_query {
    id = "refusals"
    metric {
      namespace   = local.namespace
      metric_name = local.events.name
      unit        = local.events.unit
      dimensions  = { outcome = "refused" }
      period      = var.lambda_errors_alarm.period_seconds
      stat        = "Sum"
    }
  }

  evaluation_periods  = var.lambda_errors_alarm.evaluation_periods
  datapoints_to_alarm = coalesce(var.lambda_errors_alarm.datapoints_to_alarm, var.lambda_errors_alarm.evaluation_periods)
  threshold           = var.lambda_errors_alarm.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"

  # Lambda publishes Errors only for periods with invocations; no invocation, no error.
  treat_missing_data = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.ok_actions
  tags          = var.tags
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name        = "${var.function_name}-throttles"
  alarm_description = "Lambda throttled the trigger at least ${var.lambda_throttles_alarm.threshold} time(s) in ${coalesce(var.lambda_throttles_alarm.datapoints_to_alarm, var.lambda_throttles_alarm.evaluation_periods)} of ${var.lambda_throttles_alarm.evaluation_periods} period(s) of ${var.lambda_throttles_alarm.period_seconds} s: those sign-ins failed without the function running. Saved query: ${local.query_folder}/sign-ins-per-minute. ${local.runbook}"

  namespace   = "AWS/Lambda"
  metric_name = "Throttles"
  dimensions  = { FunctionName = var.function_name }
  statistic   = "Sum"

  period              = var.lambda_throttles_alarm.period_seconds
  evaluation_periods  = var.lambda_throttles_alarm.evaluation_periods
  datapoints_to_alarm = coalesce(var.lambda_throttles_alarm.datapoints_to_alarm, var.lambda_throttles_alarm.evaluation_periods)
  threshold           = var.lambda_throttles_alarm.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"

  # Throttles has datapoints only when something was throttled; silence is the normal case.
  treat_missing_data = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.ok_actions
  tags          = var.tags
}

resource "aws_cloudwatch_metric_alarm" "duration" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name        = "${var.function_name}-duration-p99"
  alarm_description = "Lambda Duration p99 at or above ${local.duration_threshold} ms (${var.duration_alarm.budget_share * 100}% of Cognito's 5 s wait) in ${var.duration_alarm.datapoints_to_alarm} of ${var.duration_alarm.evaluation_periods} period(s) of ${var.duration_alarm.period_seconds} s. Saved query: ${local.query_folder}/duration. ${local.runbook}"

  # FunctionName alone aggregates every version, so a java21 deploy (a new published version each time) stays covered
  # (docs/cognito-facts.md#lambda-functionname-dimension).
  namespace          = "AWS/Lambda"
  metric_name        = "Duration"
  dimensions         = { FunctionName = var.function_name }
  extended_statistic = "p99"

  period              = var.duration_alarm.period_seconds
  evaluation_periods  = var.duration_alarm.evaluation_periods
  datapoints_to_alarm = var.duration_alarm.datapoints_to_alarm
  threshold           = local.duration_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"

  # "ignore" would skip every period with fewer than 1000 invocations (10 / (1 - 0.99)): for a sign-in trigger that is
  # every period, and the alarm would never fire (docs/cognito-facts.md#percentile-low-samples). A single slow
  # invocation is a person close to a failed sign-in, so it counts.
  evaluate_low_sample_count_percentiles = "evaluate"

  # No invocation, no slow invocation.
  treat_missing_data = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.ok_actions
  tags          = var.tags
}

# Cognito answered TooManyRequestsException: the account's request-rate quotas (per account and Region, shared with
# every other application: docs/cognito-facts.md#request-rate-quotas) are being reached. The function retries a
# throttled call inside its budget, so a few are harmless; a sustained rate means sign-ins are about to be refused
# (lookup-failed) or already are. EMF publishes CognitoThrottles only per [outcome] (and [outcome, reason]), never
# without dimensions, so the alarm sums the [outcome] series of every outcome in the contract.
resource "aws_cloudwatch_metric_alarm" "cognito_throttles" {
  count = var.alarms_enabled ? 1 : 0

  alarm_name        = "${var.function_name}-cognito-throttles"
  alarm_description = "Cognito throttled the trigger's calls (TooManyRequestsException, retries included) at least ${var.cognito_throttles_alarm.threshold} time(s) in ${coalesce(var.cognito_throttles_alarm.datapoints_to_alarm, var.cognito_throttles_alarm.evaluation_periods)} of ${var.cognito_throttles_alarm.evaluation_periods} period(s) of ${var.cognito_throttles_alarm.period_seconds} s: the account is at its Cognito request-rate quotas. Saved query: ${local.query_folder}/cognito-throttles. ${local.capacity_runbook}"

  metric_query {
    id          = "throttled"
    expression  = "SUM([${join(", ", [for i, o in local.contract.outcomes : "t${i}"])}])"
    label       = "Throttled Cognito answers (all outcomes)"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = local.contract.outcomes
    content {
      id = "t${metric_query.key}"
      metric {
        namespace   = local.namespace
        metric_name = local.throttles.name
        unit        = local.throttles.unit
        dimensions  = { outcome = metric_query.value }
        period      = var.cognito_throttles_alarm.period_seconds
        stat        = "Sum"
      }
    }
  }

  evaluation_periods  = var.cognito_throttles_alarm.evaluation_periods
  datapoints_to_alarm = coalesce(var.cognito_throttles_alarm.datapoints_to_alarm, var.cognito_throttles_alarm.evaluation_periods)
  threshold           = var.cognito_throttles_alarm.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"

  # No audit line, no Cognito call, no throttling.
  treat_missing_data = "notBreaching"

  alarm_actions = local.alarm_actions
  ok_actions    = local.ok_actions
  tags          = var.tags
}

locals {
  reason_alarm_names = { for reason, alarm in aws_cloudwatch_metric_alarm.reason : reason => alarm.alarm_name }
  alarm_names = merge(
    { for reason, name in local.reason_alarm_names : "${var.reason_alarms[reason].outcome}-${reason}" => name },
    { for a in aws_cloudwatch_metric_alarm.unexplained_errors : "unexplained-errors" => a.alarm_name },
    { for a in aws_cloudwatch_metric_alarm.throttles : "throttles" => a.alarm_name },
    { for a in aws_cloudwatch_metric_alarm.duration : "duration-p99" => a.alarm_name },
    { for a in aws_cloudwatch_metric_alarm.cognito_throttles : "cognito-throttles" => a.alarm_name },
  )
  alarm_arns = concat(
    [for a in aws_cloudwatch_metric_alarm.reason : a.arn],
    # The self-service endpoint's alarms (self_service.tf) share the dashboard's alarm widget.
    [for a in aws_cloudwatch_metric_alarm.self_service_reason : a.arn],
    aws_cloudwatch_metric_alarm.self_service_errors[*].arn,
    aws_cloudwatch_metric_alarm.self_service_throttles[*].arn,
    aws_cloudwatch_metric_alarm.unexplained_errors[*].arn,
    aws_cloudwatch_metric_alarm.throttles[*].arn,
    aws_cloudwatch_metric_alarm.duration[*].arn,
    aws_cloudwatch_metric_alarm.cognito_throttles[*].arn,
  )
}

# ---- dashboard -----------------------------------------------------------------------------------------------------

data "aws_region" "current" {}

locals {
  dashboard_period = 300

  # Dashboards (unlike alarms) may use SEARCH (docs/cognito-facts.md#search-not-in-alarms): this graph shows every
  # reason the function writes, including reasons added after this module was applied.
  reason_search = { for outcome in ["refused", "continued"] : outcome => "SEARCH('{\"${local.namespace}\",outcome,reason} MetricName=\"${local.events.name}\" outcome=\"${outcome}\"', 'Sum', ${local.dashboard_period})" }

  metric_widgets = [
    {
      title   = "Sign-ins by outcome (Events, Sum)"
      stacked = true
      metrics = [for o in local.contract.outcomes : [local.namespace, local.events.name, "outcome", o, { stat = "Sum", label = o }]]
    },
    {
      title   = "Refused, by reason (Events, Sum)"
      stacked = true
      metrics = [[{ expression = local.reason_search["refused"], id = "refused" }]]
    },
    {
      title   = "Continued without linking, by reason (Events, Sum)"
      stacked = true
      metrics = [[{ expression = local.reason_search["continued"], id = "continued" }]]
    },
    {
      title   = "Cognito calls per invocation (CognitoCalls, Average and Maximum)"
      stacked = false
      metrics = concat(
        [for o in local.contract.outcomes : [local.namespace, local.cognito_calls.name, "outcome", o, { stat = "Average", label = "${o} (average)" }]],
        [[local.namespace, local.cognito_calls.name, "outcome", "refused", { stat = "Maximum", label = "refused (maximum)" }]],
        [for o in local.contract.outcomes : [local.namespace, local.throttles.name, "outcome", o, { stat = "Sum", label = "throttled answers, ${o} (Sum)", yAxis = "right" }]],
      )
    },
    {
      title   = "Duration against Cognito's 5 s (AWS/Lambda Duration; DurationMs p99 by outcome)"
      stacked = false
      metrics = concat(
        [for stat in ["p50", "p90", "p99", "Maximum"] : ["AWS/Lambda", "Duration", "FunctionName", var.function_name, { stat = stat, label = "Lambda ${stat}" }]],
        [for o in local.contract.outcomes : [local.namespace, local.duration_ms.name, "outcome", o, { stat = "p99", label = "audit ${o} p99" }]],
      )
      annotations = {
        horizontal = [
          { label = "Cognito gives up (5 s)", value = local.cognito_budget_ms, color = "#d62728" },
          { label = "duration alarm (${local.duration_threshold} ms)", value = local.duration_threshold, color = "#ff7f0e" },
        ]
      }
    },
    {
      title   = "Errors and throttles (AWS/Lambda, Sum; refusals count as Lambda errors)"
      stacked = false
      metrics = [
        ["AWS/Lambda", "Invocations", "FunctionName", var.function_name, { stat = "Sum", label = "Invocations" }],
        ["AWS/Lambda", "Errors", "FunctionName", var.function_name, { stat = "Sum", label = "Errors" }],
        ["AWS/Lambda", "Throttles", "FunctionName", var.function_name, { stat = "Sum", label = "Throttles" }],
        [local.namespace, local.events.name, "outcome", "refused", { stat = "Sum", label = "Refused (audit)" }],
      ]
    },
  ]

  dashboard_widgets = concat(
    length(local.alarm_arns) == 0 ? [] : [{
      type   = "alarm"
      x      = 0
      y      = 0
      width  = 24
      height = 3
      properties = {
        title  = "Alarms"
        alarms = local.alarm_arns
      }
    }],
    [for i, w in local.metric_widgets : {
      type   = "metric"
      x      = (i % 2) * 12
      y      = 3 + floor(i / 2) * 6
      width  = 12
      height = 6
      properties = merge({
        title   = w.title
        region  = data.aws_region.current.name
        view    = "timeSeries"
        stacked = w.stacked
        period  = local.dashboard_period
        metrics = w.metrics
        yAxis   = { left = { min = 0 } }
      }, can(w.annotations) ? { annotations = w.annotations } : {})
    }],
  )
}

resource "aws_cloudwatch_dashboard" "this" {
  count = var.dashboard_enabled ? 1 : 0

  dashboard_name = var.function_name
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}

# ---- saved Logs Insights queries (the runbook's, docs/runbook.md) -------------------------------------

locals {
  # The queries live in queries/ so that the README's runbook can be checked against them
  # (src/test/java/dev/cognitomerge/docs/RunbookQueriesTest): one text for the console and the runbook.
  queries = merge(
    { for f in fileset("${path.module}/queries", "*.logsinsights") : trimsuffix(f, ".logsinsights") => file("${path.module}/queries/${f}") },
    # One per reason alarm, the same shape for every reason, so a reason added to reason_alarms gets its query too.
    { for reason, a in var.reason_alarms : "${a.outcome}-${reason}" => templatefile("${path.module}/queries/reason.logsinsights.tftpl", { outcome = a.outcome, reason = reason }) },
  )
}

resource "aws_cloudwatch_query_definition" "this" {
  for_each = var.saved_queries_enabled ? local.queries : {}

  name            = "${local.query_folder}/${each.key}"
  log_group_names = [var.log_group_name]
  query_string    = trimspace(each.value)
}
