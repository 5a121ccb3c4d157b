output "alarm_names" {
  description = "Names of the alarms, keyed by <outcome>-<reason> for the reason alarms and unexplained-errors, throttles, duration-p99 for the Lambda alarms, cognito-throttles for Cognito's request-rate quotas. Empty when alarms_enabled = false."
  value       = local.alarm_names
}

output "alarm_arns" {
  description = "ARNs of all alarms (for a composite alarm or an alarm widget of your own)."
  value       = local.alarm_arns
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard, or null when dashboard_enabled = false."
  value       = one(aws_cloudwatch_dashboard.this[*].dashboard_name)
}

output "query_definition_names" {
  description = "Names of the saved Logs Insights queries (folder cognito-oidc-merge/<function_name>/ in the console)."
  value       = sort([for q in aws_cloudwatch_query_definition.this : q.name])
}

output "metrics_namespace" {
  description = "Namespace the EMF alarms and the dashboard read: metrics_namespace, or the function's default from emf-contract.json."
  value       = local.namespace
}

output "self_service_alarm_names" {
  description = "Names of the self-service link endpoint's alarms, keyed by refused-<reason>, errors, throttles. Empty without self_service_function_name."
  value       = local.self_service_alarm_names
}

output "self_service_alarm_arns" {
  description = "ARNs of the self-service link endpoint's alarms."
  value = concat(
    [for a in aws_cloudwatch_metric_alarm.self_service_reason : a.arn],
    aws_cloudwatch_metric_alarm.self_service_errors[*].arn,
    aws_cloudwatch_metric_alarm.self_service_throttles[*].arn,
  )
}
