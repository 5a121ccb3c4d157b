output "url" {
  description = "The endpoint the application posts to: <api endpoint>/link (POST, Authorization: Bearer <Cognito ID token>, body {\"provider\", \"token\"})."
  value       = "${aws_apigatewayv2_stage.this.invoke_url}link"
}

output "api_id" {
  description = "Id of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_endpoint" {
  description = "Default endpoint of the HTTP API (https://<api id>.execute-api.<region>.amazonaws.com)."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "function_name" {
  description = "Name of the Lambda function (the monitoring module's self_service_function_name)."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the Lambda function."
  value       = aws_lambda_function.this.arn
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}

output "log_group_name" {
  description = "CloudWatch Logs group of the function (/aws/lambda/<function_name>): one self-service-link audit line per request."
  value       = aws_cloudwatch_log_group.this.name
}

output "environment_variables" {
  description = "Environment the function receives (QUARKUS_LAMBDA_HANDLER, the MERGE_SELF_SERVICE_* and MERGE_PROVIDER__* settings, extra variables)."
  value       = local.environment
}

output "policy_json" {
  description = "The execution role's inline policy document (for review and policy scanners)."
  value       = aws_iam_role_policy.this.policy
}

output "architecture" {
  description = "Architecture the function runs on."
  value       = local.architecture
}
