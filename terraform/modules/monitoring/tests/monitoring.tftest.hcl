# Unit tests of the monitoring module against a mocked AWS provider: which alarms exist, what they watch and
# whom they notify, the dashboard JSON, the saved queries and the input validations. Run with `terraform test` in
# modules/monitoring.
#
# The "contract" assertions read emf-contract.json themselves and check every metric an alarm or the dashboard names
# in the function's namespace against it; src/test/java/dev/cognitomerge/audit/MetricContractTest checks the same file
# against the EMF the function really writes. Together: an alarm can only watch a metric, dimension set and unit the
# function emits.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }
}

variables {
  function_name  = "oidc-merge-pre-sign-up"
  log_group_name = "/aws/lambda/oidc-merge-pre-sign-up"
}

run "defaults_alarm_on_every_refusal_reason_and_on_lambda_health" {
  command = apply

  assert {
    condition     = sort(keys(aws_cloudwatch_metric_alarm.reason)) == sort(["ambiguous", "candidate-disabled", "link-limit-reached", "lookup-failed", "internal-error"])
    error_message = "By default one alarm per alarmed refusal reason: ambiguous, candidate-disabled, link-limit-reached, lookup-failed, internal-error."
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.unexplained_errors) == 1 && length(aws_cloudwatch_metric_alarm.throttles) == 1 && length(aws_cloudwatch_metric_alarm.duration) == 1
    error_message = "The Lambda errors, throttles and duration alarms exist by default."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.reason["internal-error"].threshold == 1 && aws_cloudwatch_metric_alarm.reason["internal-error"].comparison_operator == "GreaterThanOrEqualToThreshold" && aws_cloudwatch_metric_alarm.reason["internal-error"].statistic == "Sum"
    error_message = "internal-error alarms on any occurrence (Sum >= 1)."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.reason["lookup-failed"].alarm_name == "oidc-merge-pre-sign-up-refused-lookup-failed" && aws_cloudwatch_metric_alarm.reason["lookup-failed"].dimensions == tomap({ outcome = "refused", reason = "lookup-failed" })
    error_message = "A reason alarm is named <function>-<outcome>-<reason> and watches exactly that outcome and reason."
  }
  assert {
    condition     = alltrue([for a in concat(values(aws_cloudwatch_metric_alarm.reason), aws_cloudwatch_metric_alarm.unexplained_errors, aws_cloudwatch_metric_alarm.throttles, aws_cloudwatch_metric_alarm.duration) : a.treat_missing_data == "notBreaching"])
    error_message = "No data is normal for a quiet pool: every alarm treats missing data as not breaching."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.duration[0].extended_statistic == "p99" && aws_cloudwatch_metric_alarm.duration[0].threshold == 4000 && aws_cloudwatch_metric_alarm.duration[0].metric_name == "Duration" && aws_cloudwatch_metric_alarm.duration[0].namespace == "AWS/Lambda"
    error_message = "The duration alarm watches AWS/Lambda Duration p99 against 0.8 x 5000 ms by default."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.duration[0].evaluate_low_sample_count_percentiles == "evaluate"
    error_message = "p99 over fewer than 1000 invocations must still be evaluated, or the alarm never fires for a sign-in trigger."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.throttles[0].metric_name == "Throttles" && aws_cloudwatch_metric_alarm.throttles[0].dimensions == tomap({ FunctionName = "oidc-merge-pre-sign-up" })
    error_message = "The throttles alarm watches AWS/Lambda Throttles of this function."
  }
  assert {
    condition = (
      [for q in aws_cloudwatch_metric_alarm.unexplained_errors[0].metric_query : q.expression if q.return_data == true] == ["FILL(errors, 0) - FILL(refusals, 0)"] &&
      one([for q in aws_cloudwatch_metric_alarm.unexplained_errors[0].metric_query : q.metric[0].metric_name if q.id == "errors"]) == "Errors" &&
      one([for q in aws_cloudwatch_metric_alarm.unexplained_errors[0].metric_query : q.metric[0].dimensions if q.id == "refusals"]) == tomap({ outcome = "refused" })
    )
    error_message = "The errors alarm subtracts refused Events (a refusal is a thrown error) from Lambda Errors."
  }
  assert {
    condition     = alltrue([for a in concat(values(aws_cloudwatch_metric_alarm.reason), aws_cloudwatch_metric_alarm.unexplained_errors, aws_cloudwatch_metric_alarm.throttles, aws_cloudwatch_metric_alarm.duration) : length(a.alarm_actions) == 0 && length(a.ok_actions) == 0])
    error_message = "Without alarm_sns_topic_arns the alarms exist but notify nobody."
  }
  assert {
    condition     = length(output.alarm_names) == 9 && output.alarm_names["refused-ambiguous"] == "oidc-merge-pre-sign-up-refused-ambiguous" && output.alarm_names["duration-p99"] == "oidc-merge-pre-sign-up-duration-p99" && output.alarm_names["cognito-throttles"] == "oidc-merge-pre-sign-up-cognito-throttles"
    error_message = "alarm_names lists all nine alarms by key."
  }
}

run "contract_every_alarm_metric_is_one_the_function_emits" {
  command = apply

  # Reason alarms: namespace, metric, unit, dimension set and outcome exactly as in emf-contract.json.
  assert {
    condition = alltrue([for a in values(aws_cloudwatch_metric_alarm.reason) :
      a.namespace == jsondecode(file("emf-contract.json")).namespace &&
      contains(keys(jsondecode(file("emf-contract.json")).metrics), a.metric_name) &&
      a.unit == jsondecode(file("emf-contract.json")).metrics[a.metric_name] &&
      contains([for s in jsondecode(file("emf-contract.json")).dimension_sets : jsonencode(sort(s))], jsonencode(sort(keys(a.dimensions)))) &&
      contains(jsondecode(file("emf-contract.json")).outcomes, a.dimensions.outcome)
    ])
    error_message = "A reason alarm names a namespace, metric, unit, dimension set or outcome that emf-contract.json (the function's real EMF) does not have."
  }
  assert {
    condition     = alltrue([for a in values(aws_cloudwatch_metric_alarm.reason) : contains(jsondecode(file("emf-contract.json")).reasons, a.dimensions.reason)])
    error_message = "A default reason alarm names a reason that emf-contract.json does not list (MetricContractTest checks each listed reason against decision/Reason.java)."
  }
  # The EMF half of the errors alarm's metric math.
  assert {
    condition = alltrue([for q in aws_cloudwatch_metric_alarm.unexplained_errors[0].metric_query : (
      contains(keys(jsondecode(file("emf-contract.json")).metrics), q.metric[0].metric_name) &&
      q.metric[0].unit == jsondecode(file("emf-contract.json")).metrics[q.metric[0].metric_name] &&
      contains([for s in jsondecode(file("emf-contract.json")).dimension_sets : jsonencode(sort(s))], jsonencode(sort(keys(q.metric[0].dimensions))))
    ) if length(q.metric) > 0 && try(q.metric[0].namespace == jsondecode(file("emf-contract.json")).namespace, false)])
    error_message = "The errors alarm subtracts an EMF metric, unit or dimension set that emf-contract.json does not have."
  }
  assert {
    condition     = length([for q in aws_cloudwatch_metric_alarm.unexplained_errors[0].metric_query : q if length(q.metric) > 0 && try(q.metric[0].namespace == jsondecode(file("emf-contract.json")).namespace, false)]) == 1
    error_message = "The errors alarm must read refusals from the function's own namespace."
  }
  # Dashboard: every [namespace, metric, dimension name, value, ..., {options}] row in the function's namespace.
  assert {
    condition = alltrue(flatten([for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : [
      for m in try(w.properties.metrics, []) : (
        contains(keys(jsondecode(file("emf-contract.json")).metrics), m[1]) &&
        contains([for s in jsondecode(file("emf-contract.json")).dimension_sets : jsonencode(s)], jsonencode([for i in range(2, length(m) - 1, 2) : m[i]])) &&
        contains(jsondecode(file("emf-contract.json")).outcomes, m[3])
      ) if try(m[0] == jsondecode(file("emf-contract.json")).namespace, false)
    ]]))
    error_message = "A dashboard graph names an EMF metric, dimension set or outcome that emf-contract.json does not have."
  }
  assert {
    # Dashboard SEARCH expressions: {"<namespace>",<dimension names>} MetricName="<metric>".
    condition = alltrue(flatten([for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : [
      for m in try(w.properties.metrics, []) : (
        regex("^SEARCH\\('\\{\"([^\"]+)\",([a-z,]+)\\} MetricName=\"([A-Za-z]+)\"", m[0].expression)[0] == jsondecode(file("emf-contract.json")).namespace &&
        contains([for s in jsondecode(file("emf-contract.json")).dimension_sets : jsonencode(s)], jsonencode(split(",", regex("^SEARCH\\('\\{\"([^\"]+)\",([a-z,]+)\\} MetricName=\"([A-Za-z]+)\"", m[0].expression)[1]))) &&
        contains(keys(jsondecode(file("emf-contract.json")).metrics), regex("^SEARCH\\('\\{\"([^\"]+)\",([a-z,]+)\\} MetricName=\"([A-Za-z]+)\"", m[0].expression)[2])
      ) if try(startswith(m[0].expression, "SEARCH("), false)
    ]]))
    error_message = "A dashboard SEARCH names a namespace, dimension set or metric that emf-contract.json does not have."
  }
  assert {
    condition     = length(flatten([for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : [for m in try(w.properties.metrics, []) : m if try(startswith(m[0].expression, "SEARCH("), false)]])) == 2
    error_message = "The dashboard graphs refused and continued events by reason with SEARCH, so reasons added later show up too."
  }
}

run "dashboard_shows_outcomes_reasons_calls_duration_errors" {
  command = apply

  assert {
    condition     = aws_cloudwatch_dashboard.this[0].dashboard_name == "oidc-merge-pre-sign-up"
    error_message = "The dashboard is named after the function."
  }
  assert {
    condition = [for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : try(w.properties.title, "")] == [
      "Alarms",
      "Sign-ins by outcome (Events, Sum)",
      "Refused, by reason (Events, Sum)",
      "Continued without linking, by reason (Events, Sum)",
      "Cognito calls per invocation (CognitoCalls, Average and Maximum)",
      "Duration against Cognito's 5 s (AWS/Lambda Duration; DurationMs p99 by outcome)",
      "Errors and throttles (AWS/Lambda, Sum; refusals count as Lambda errors)",
    ]
    error_message = "The dashboard has the alarm status and the six graphs the runbook refers to, in this order."
  }
  assert {
    condition     = [for a in one([for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : w.properties.annotations.horizontal if can(w.properties.annotations)]) : a.value] == [5000, 4000]
    error_message = "The duration graph draws Cognito's 5 s line and the alarm threshold."
  }
  assert {
    condition     = alltrue([for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : w.properties.region == "eu-west-1" if w.type == "metric"])
    error_message = "Every metric graph names the provider's region (required by the dashboard API)."
  }
  assert {
    condition     = length(one([for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : w.properties.alarms if w.type == "alarm"])) == 9
    error_message = "The alarm status widget lists every alarm."
  }
}

run "saved_queries_cover_every_alarm" {
  command = apply

  assert {
    condition = output.query_definition_names == sort([for q in [
      "by-outcome-and-reason", "lookup-failed-by-cause", "internal-errors-with-stack-traces", "unexplained-errors", "duration",
      "slowest-sign-ins", "sign-ins-per-minute", "refused-ambiguous", "refused-candidate-disabled", "refused-link-limit-reached",
      "refused-lookup-failed", "refused-internal-error", "cognito-throttles",
    ] : "cognito-oidc-merge/oidc-merge-pre-sign-up/${q}"])
    error_message = "One saved query per alarm plus the overview queries, in the function's folder."
  }
  assert {
    condition     = alltrue([for q in aws_cloudwatch_query_definition.this : q.log_group_names == tolist(["/aws/lambda/oidc-merge-pre-sign-up"])])
    error_message = "Every saved query runs over the function's log group."
  }
  assert {
    condition     = strcontains(aws_cloudwatch_query_definition.this["refused-ambiguous"].query_string, "filter audit = \"pre-sign-up\" and outcome = \"refused\" and reason = \"ambiguous\"")
    error_message = "A reason's query filters the audit lines on that outcome and reason."
  }
  assert {
    condition     = alltrue([for a in values(aws_cloudwatch_metric_alarm.reason) : strcontains(a.alarm_description, "Saved query: cognito-oidc-merge/oidc-merge-pre-sign-up/refused-") && strcontains(a.alarm_description, "docs/runbook.md")])
    error_message = "Each alarm's description names its saved query and the runbook."
  }
}

run "sns_topics_receive_alarm_and_ok_notifications" {
  command = plan

  variables {
    alarm_sns_topic_arns = ["arn:aws:sns:eu-west-1:123456789012:oncall", "arn:aws-cn:sns:cn-north-1:123456789012:ops.fifo"]
  }

  assert {
    condition     = alltrue([for a in concat(values(aws_cloudwatch_metric_alarm.reason), aws_cloudwatch_metric_alarm.unexplained_errors, aws_cloudwatch_metric_alarm.throttles, aws_cloudwatch_metric_alarm.duration) : a.alarm_actions == toset(var.alarm_sns_topic_arns) && a.ok_actions == toset(var.alarm_sns_topic_arns)])
    error_message = "Every alarm notifies the given topics (any partition) on ALARM and on OK."
  }
}

run "notify_on_ok_false_sends_only_alarm_transitions" {
  command = plan

  variables {
    alarm_sns_topic_arns = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
    notify_on_ok         = false
  }

  assert {
    condition     = alltrue([for a in values(aws_cloudwatch_metric_alarm.reason) : a.alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:oncall"]) && length(a.ok_actions) == 0])
    error_message = "notify_on_ok = false keeps ALARM notifications and drops OK ones."
  }
}

run "a_new_reason_is_one_map_entry" {
  command = apply

  variables {
    reason_alarms = {
      "protected-account" = {}
      "lookup-failed"     = { outcome = "continued", threshold = 2, period_seconds = 60, evaluation_periods = 5, datapoints_to_alarm = 3 }
    }
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.reason["protected-account"].dimensions == tomap({ outcome = "refused", reason = "protected-account" }) &&
      aws_cloudwatch_metric_alarm.reason["protected-account"].threshold == 1 && aws_cloudwatch_metric_alarm.reason["protected-account"].period == 300 &&
      aws_cloudwatch_metric_alarm.reason["protected-account"].evaluation_periods == 1 && aws_cloudwatch_metric_alarm.reason["protected-account"].datapoints_to_alarm == 1
    )
    error_message = "An entry with no settings alarms on any refusal with that reason in 5 minutes."
  }
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.reason["lookup-failed"].alarm_name == "oidc-merge-pre-sign-up-continued-lookup-failed" &&
      aws_cloudwatch_metric_alarm.reason["lookup-failed"].dimensions.outcome == "continued" &&
      aws_cloudwatch_metric_alarm.reason["lookup-failed"].period == 60 && aws_cloudwatch_metric_alarm.reason["lookup-failed"].datapoints_to_alarm == 3
    )
    error_message = "outcome, period and M-of-N settings of an entry reach its alarm."
  }
  assert {
    condition     = contains(keys(aws_cloudwatch_query_definition.this), "refused-protected-account") && contains(keys(aws_cloudwatch_query_definition.this), "continued-lookup-failed")
    error_message = "Each reason alarm gets its saved query."
  }
}

run "alarms_off_leaves_dashboard_and_queries" {
  command = apply

  variables {
    alarms_enabled = false
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.reason) == 0 && length(aws_cloudwatch_metric_alarm.unexplained_errors) == 0 && length(aws_cloudwatch_metric_alarm.throttles) == 0 && length(aws_cloudwatch_metric_alarm.duration) == 0 && length(aws_cloudwatch_metric_alarm.cognito_throttles) == 0 && length(output.alarm_names) == 0
    error_message = "alarms_enabled = false creates no alarm."
  }
  assert {
    condition     = length(aws_cloudwatch_dashboard.this) == 1 && length([for w in jsondecode(aws_cloudwatch_dashboard.this[0].dashboard_body).widgets : w if w.type == "alarm"]) == 0
    error_message = "Without alarms the dashboard stays, without its alarm widget (which would be empty)."
  }
  assert {
    condition     = length(aws_cloudwatch_query_definition.this) == 13
    error_message = "The saved queries stay: they are the runbook's tools, alarms or not."
  }
}

run "everything_off_creates_nothing" {
  command = plan

  variables {
    alarms_enabled        = false
    dashboard_enabled     = false
    saved_queries_enabled = false
  }

  assert {
    condition     = length(aws_cloudwatch_dashboard.this) == 0 && length(aws_cloudwatch_query_definition.this) == 0 && output.dashboard_name == null && length(output.query_definition_names) == 0
    error_message = "With every switch off the module creates nothing."
  }
}

run "custom_namespace_and_duration_share" {
  command = plan

  variables {
    metrics_namespace = "Acme/SignIn"
    duration_alarm    = { budget_share = 0.5 }
  }

  assert {
    condition     = alltrue([for a in values(aws_cloudwatch_metric_alarm.reason) : a.namespace == "Acme/SignIn"]) && output.metrics_namespace == "Acme/SignIn"
    error_message = "The reason alarms read the namespace the function was given (MERGE_METRICS_NAMESPACE)."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.duration[0].threshold == 2500 && aws_cloudwatch_metric_alarm.duration[0].evaluation_periods == 3 && aws_cloudwatch_metric_alarm.duration[0].datapoints_to_alarm == 2
    error_message = "budget_share 0.5 is 2500 ms; the other duration settings keep their defaults."
  }
}

# ---- validations ---------------------------------------------------------------------------------------------------

run "rejects_a_non_sns_arn" {
  command = plan
  variables {
    alarm_sns_topic_arns = ["arn:aws:sqs:eu-west-1:123456789012:queue"]
  }
  expect_failures = [var.alarm_sns_topic_arns]
}

run "rejects_more_than_five_topics" {
  command = plan
  variables {
    alarm_sns_topic_arns = [for i in range(6) : "arn:aws:sns:eu-west-1:123456789012:t${i}"]
  }
  expect_failures = [var.alarm_sns_topic_arns]
}

run "rejects_a_zero_budget_share" {
  command = plan
  variables {
    duration_alarm = { budget_share = 0 }
  }
  expect_failures = [var.duration_alarm]
}

run "rejects_a_budget_share_above_one" {
  command = plan
  variables {
    duration_alarm = { budget_share = 1.2 }
  }
  expect_failures = [var.duration_alarm]
}

run "accepts_the_whole_budget" {
  command = plan
  variables {
    duration_alarm = { budget_share = 1 }
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.duration[0].threshold == 5000
    error_message = "budget_share 1 is Cognito's full 5 s."
  }
}

run "rejects_datapoints_above_evaluation_periods" {
  command = plan
  variables {
    duration_alarm = { evaluation_periods = 2, datapoints_to_alarm = 3 }
  }
  expect_failures = [var.duration_alarm]
}

run "rejects_a_reason_that_is_not_a_reason_code" {
  command = plan
  variables {
    reason_alarms = { "Lookup Failed" = {} }
  }
  expect_failures = [var.reason_alarms]
}

run "rejects_a_reason_alarm_on_linked" {
  command = plan
  variables {
    reason_alarms = { "linked" = { outcome = "linked" } }
  }
  expect_failures = [var.reason_alarms]
}

run "rejects_a_zero_threshold" {
  command = plan
  variables {
    reason_alarms = { "ambiguous" = { threshold = 0 } }
  }
  expect_failures = [var.reason_alarms]
}

run "rejects_a_period_that_is_not_whole_minutes" {
  command = plan
  variables {
    reason_alarms = { "ambiguous" = { period_seconds = 90 } }
  }
  expect_failures = [var.reason_alarms]
}

run "rejects_a_window_longer_than_a_day" {
  command = plan
  variables {
    lambda_errors_alarm = { period_seconds = 3600, evaluation_periods = 25 }
  }
  expect_failures = [var.lambda_errors_alarm]
}

run "rejects_a_zero_throttle_threshold" {
  command = plan
  variables {
    lambda_throttles_alarm = { threshold = 0 }
  }
  expect_failures = [var.lambda_throttles_alarm]
}

run "rejects_an_aws_namespace" {
  command = plan
  variables {
    metrics_namespace = "AWS/Lambda"
  }
  expect_failures = [var.metrics_namespace]
}

run "cognito_throttles_alarm_sums_the_functions_throttle_metric_over_every_outcome" {
  command = apply

  assert {
    condition     = aws_cloudwatch_metric_alarm.cognito_throttles[0].alarm_name == "oidc-merge-pre-sign-up-cognito-throttles" && aws_cloudwatch_metric_alarm.cognito_throttles[0].threshold == 30 && aws_cloudwatch_metric_alarm.cognito_throttles[0].comparison_operator == "GreaterThanOrEqualToThreshold" && aws_cloudwatch_metric_alarm.cognito_throttles[0].treat_missing_data == "notBreaching"
    error_message = "By default the Cognito throttles alarm fires at 30 throttled answers in 5 min, and a quiet pool is not breaching."
  }
  assert {
    condition = (
      [for q in aws_cloudwatch_metric_alarm.cognito_throttles[0].metric_query : q.expression if q.return_data == true] == ["SUM([t0, t1, t2, t3])"] &&
      sort([for q in aws_cloudwatch_metric_alarm.cognito_throttles[0].metric_query : q.metric[0].dimensions.outcome if length(q.metric) > 0]) == sort(jsondecode(file("emf-contract.json")).outcomes)
    )
    error_message = "The alarm sums CognitoThrottles of every outcome the contract lists (EMF publishes it only per dimension set)."
  }
  assert {
    condition = alltrue([for q in aws_cloudwatch_metric_alarm.cognito_throttles[0].metric_query : (
      q.metric[0].namespace == jsondecode(file("emf-contract.json")).namespace &&
      q.metric[0].metric_name == "CognitoThrottles" &&
      q.metric[0].unit == jsondecode(file("emf-contract.json")).metrics["CognitoThrottles"] &&
      contains([for s in jsondecode(file("emf-contract.json")).dimension_sets : jsonencode(sort(s))], jsonencode(sort(keys(q.metric[0].dimensions)))) &&
      q.metric[0].stat == "Sum" && q.metric[0].period == 300
    ) if length(q.metric) > 0])
    error_message = "Every series of the alarm is the contract's CognitoThrottles, its unit and an EMF dimension set."
  }
  assert {
    condition     = strcontains(aws_cloudwatch_metric_alarm.cognito_throttles[0].alarm_description, "Saved query: cognito-oidc-merge/oidc-merge-pre-sign-up/cognito-throttles") && strcontains(aws_cloudwatch_metric_alarm.cognito_throttles[0].alarm_description, "docs/capacity.md")
    error_message = "The alarm names its saved query and its runbook (docs/capacity.md)."
  }
}

run "cognito_throttles_alarm_takes_its_own_window" {
  command = plan

  variables {
    cognito_throttles_alarm = { threshold = 100, period_seconds = 60, evaluation_periods = 5, datapoints_to_alarm = 3 }
    alarm_sns_topic_arns    = ["arn:aws:sns:eu-west-1:123456789012:oncall"]
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.cognito_throttles[0].threshold == 100 && aws_cloudwatch_metric_alarm.cognito_throttles[0].evaluation_periods == 5 &&
      aws_cloudwatch_metric_alarm.cognito_throttles[0].datapoints_to_alarm == 3 &&
      alltrue([for q in aws_cloudwatch_metric_alarm.cognito_throttles[0].metric_query : q.metric[0].period == 60 if length(q.metric) > 0]) &&
      aws_cloudwatch_metric_alarm.cognito_throttles[0].alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:oncall"])
    )
    error_message = "cognito_throttles_alarm sets threshold, period and datapoints, and the alarm notifies the topics."
  }
}

run "rejects_a_cognito_throttles_period_that_is_not_whole_minutes" {
  command = plan

  variables {
    cognito_throttles_alarm = { period_seconds = 90 }
  }
  expect_failures = [var.cognito_throttles_alarm]
}

run "rejects_a_fractional_cognito_throttles_threshold" {
  command = plan

  variables {
    cognito_throttles_alarm = { threshold = 0.5 }
  }
  expect_failures = [var.cognito_throttles_alarm]
}

run "rejects_cognito_throttles_datapoints_above_evaluation_periods" {
  command = plan

  variables {
    cognito_throttles_alarm = { evaluation_periods = 2, datapoints_to_alarm = 3 }
  }
  expect_failures = [var.cognito_throttles_alarm]
}

# ---- the self-service link endpoint (self_service.tf) ----------------------------------------------------------------

run "no_self_service_alarms_without_its_function" {
  command = plan

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.self_service_reason) == 0 && length(aws_cloudwatch_metric_alarm.self_service_errors) == 0 && length(aws_cloudwatch_metric_alarm.self_service_throttles) == 0
    error_message = "Without self_service_function_name there is no self-service alarm."
  }
}

run "self_service_alarms_watch_its_own_metrics_from_the_contract" {
  command = apply

  variables {
    self_service_function_name = "oidc-merge-self-service-link"
  }

  assert {
    condition     = sort(keys(aws_cloudwatch_metric_alarm.self_service_reason)) == sort(jsondecode(file("${path.module}/emf-contract.json")).self_service.reasons)
    error_message = "One default alarm per reason the contract's self_service section names."
  }
  assert {
    condition = alltrue([for a in aws_cloudwatch_metric_alarm.self_service_reason :
      a.namespace == "CognitoOidcMerge" && a.metric_name == "SelfServiceRequests"
      && a.unit == jsondecode(file("${path.module}/emf-contract.json")).self_service.metrics["SelfServiceRequests"]
      && a.dimensions.outcome == "refused"
      && contains([for set in jsondecode(file("${path.module}/emf-contract.json")).self_service.dimension_sets : join(",", set)], "outcome,reason")
    ])
    error_message = "Self-service reason alarms watch SelfServiceRequests with [outcome, reason], as the contract says the function emits."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.self_service_reason["unavailable"].alarm_name == "oidc-merge-self-service-link-refused-unavailable" && aws_cloudwatch_metric_alarm.self_service_reason["unavailable"].dimensions == tomap({ outcome = "refused", reason = "unavailable" })
    error_message = "A self-service reason alarm is named <function>-refused-<reason>."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.self_service_errors[0].dimensions == tomap({ FunctionName = "oidc-merge-self-service-link" }) && aws_cloudwatch_metric_alarm.self_service_errors[0].metric_name == "Errors" && aws_cloudwatch_metric_alarm.self_service_errors[0].threshold == 1
    error_message = "Any Lambda error of the self-service function alarms (its refusals are answers, not errors)."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.self_service_throttles[0].dimensions == tomap({ FunctionName = "oidc-merge-self-service-link" })
    error_message = "Throttles of the self-service function alarm."
  }
  assert {
    condition     = output.self_service_alarm_names["errors"] == "oidc-merge-self-service-link-errors" && length(output.self_service_alarm_arns) == 6
    error_message = "The outputs name the four reason alarms, errors and throttles."
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.reason) == 5
    error_message = "The trigger's own alarms are unchanged."
  }
}

run "self_service_alarms_follow_alarms_enabled" {
  command = plan

  variables {
    self_service_function_name = "oidc-merge-self-service-link"
    alarms_enabled             = false
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.self_service_reason) == 0 && length(aws_cloudwatch_metric_alarm.self_service_errors) == 0
    error_message = "alarms_enabled = false turns the self-service alarms off too."
  }
}

run "rejects_a_self_service_function_name_that_is_not_one" {
  command = plan

  variables {
    self_service_function_name = "not a function"
  }

  expect_failures = [var.self_service_function_name]
}
