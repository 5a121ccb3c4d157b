output "trigger_arn" {
  description = "ARN to set as the pool's lambda_config.pre_sign_up: the published version ARN for java21 (SnapStart only applies to versions), the function ARN for native."
  value       = local.is_java ? aws_lambda_function.this.qualified_arn : aws_lambda_function.this.arn
}

output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the Lambda function."
  value       = aws_lambda_function.this.arn
}

output "function_version" {
  description = "Published version the trigger points at (java21), or $LATEST (native)."
  value       = local.is_java ? aws_lambda_function.this.version : "$LATEST"
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the function's execution role."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "CloudWatch Logs group of the function (/aws/lambda/<function_name>)."
  value       = aws_cloudwatch_log_group.this.name
}

output "environment_variables" {
  description = "Environment the function receives (MERGE_* settings the caller set, JAVA_TOOL_OPTIONS for java21, extra variables)."
  value       = local.environment
}

output "policy_json" {
  description = "The execution role's inline policy document (for review and policy scanners)."
  value       = aws_iam_role_policy.this.policy
}

output "architecture" {
  description = "Architecture the function runs on: the architecture variable, or the package's own when that is null."
  value       = local.architecture
}
