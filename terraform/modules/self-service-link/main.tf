locals {
  is_java = var.runtime == "java21"

  handler = {
    native = "bootstrap"
    java21 = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  }
  lambda_runtime = {
    native = "provided.al2023"
    java21 = "java21"
  }

  # The pool id is the last part of its ARN (arn:...:userpool/<region>_<id>); the function derives the issuer of the
  # pool's ID tokens from it (https://cognito-idp.<region>.amazonaws.com/<pool id>, docs/cognito-facts.md#jwks-discovery).
  user_pool_id = element(split("/", var.user_pool_arn), 1)

  settings = {
    QUARKUS_LAMBDA_HANDLER             = "self-service-link"
    MERGE_SELF_SERVICE_USER_POOL_ID    = local.user_pool_id
    MERGE_SELF_SERVICE_CLIENT_IDS      = join(",", var.client_ids)
    MERGE_SELF_SERVICE_ALLOWED_ORIGINS = length(var.allowed_origins) > 0 ? join(",", var.allowed_origins) : null
    MERGE_SELF_SERVICE_MAX_AUTH_AGE    = var.max_auth_age
    MERGE_PROVIDER_NAMES               = join(",", var.merge_provider_names)
    MERGE_DRY_RUN                      = var.merge_dry_run == null ? null : tostring(var.merge_dry_run)
    MERGE_ON_SECOND_IDENTITY           = var.merge_on_second_identity
    MERGE_LINK_NOTIFICATION_TOPIC_ARN  = var.merge_link_notification_topic_arn
  }

  # As the function reads them back: the key's env form is matched to a provider name (upper case, other characters '_').
  provider_settings = merge([
    for name, p in var.identity_providers : {
      "MERGE_PROVIDER__${upper(replace(name, "/[^A-Za-z0-9]/", "_"))}__ISSUER"   = p.issuer
      "MERGE_PROVIDER__${upper(replace(name, "/[^A-Za-z0-9]/", "_"))}__AUDIENCE" = join(",", p.audience)
    }
  ]...)

  environment = merge(
    var.extra_environment_variables,
    local.is_java ? { JAVA_TOOL_OPTIONS = var.java_tool_options } : {},
    { for k, v in local.settings : k => v if v != null },
    local.provider_settings,
  )

  log_group_name = "/aws/lambda/${var.function_name}"

  manifest_path        = coalesce(var.package_manifest_path, "${dirname(var.function_zip_path)}/function-package.json")
  manifest             = fileexists(local.manifest_path) ? try(jsondecode(file(local.manifest_path)), null) : null
  package_packaging    = try(local.manifest.packaging, null)
  package_architecture = try(local.manifest.architecture, null)
  expected_packaging   = local.is_java ? "jvm" : "native"
  architecture = coalesce(var.architecture,
    contains(["arm64", "x86_64"], coalesce(local.package_architecture, "any")) ? local.package_architecture : "arm64"
  )

  # The HTTP API invokes the published version for java21 (SnapStart restores only versions), the function for native.
  invoke_arn = local.is_java ? aws_lambda_function.this.qualified_invoke_arn : aws_lambda_function.this.invoke_arn
  route_key  = "POST /link"
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_in_days
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  description   = "Self-service linking: links an IdP identity to the native account the person just signed in to (both ID tokens verified)."
  role          = aws_iam_role.this.arn

  filename         = var.function_zip_path
  source_code_hash = filebase64sha256(var.function_zip_path)

  runtime       = local.lambda_runtime[var.runtime]
  handler       = local.handler[var.runtime]
  architectures = [local.architecture]
  memory_size   = var.memory_size
  timeout       = var.timeout_seconds

  publish = local.is_java

  dynamic "snap_start" {
    for_each = local.is_java ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  environment {
    variables = local.environment
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.this]

  lifecycle {
    precondition {
      condition     = local.manifest != null
      error_message = "No readable build manifest at ${local.manifest_path}. The Maven build writes function-package.json next to function.zip: build again with ./mvnw package, or set package_manifest_path."
    }
    precondition {
      condition     = local.package_packaging == null || local.package_packaging == local.expected_packaging
      error_message = "function.zip holds a ${coalesce(local.package_packaging, "?")} package but runtime = \"${var.runtime}\": a JVM package needs runtime = \"java21\", a native one runtime = \"native\"."
    }
    precondition {
      condition     = local.package_architecture == null || local.package_architecture == "any" || local.package_architecture == local.architecture
      error_message = "function.zip was built for ${coalesce(local.package_architecture, "?")} but architecture = \"${local.architecture}\": a native executable runs only on the architecture it was built for."
    }
  }
}

# ---- HTTP API (payload format 2.0) ---------------------------------------------------------------------------------

resource "aws_apigatewayv2_api" "this" {
  name          = var.function_name
  description   = "Self-service linking of a federated identity to the native account (POST /link)."
  protocol_type = "HTTP"

  # API Gateway answers preflights itself and adds these headers to the function's answers, ignoring the function's
  # own CORS headers (docs/cognito-facts.md#http-api-cors); the function also refuses a request whose Origin is not
  # listed, so a browser elsewhere gets nothing either way.
  dynamic "cors_configuration" {
    for_each = length(var.allowed_origins) > 0 ? [1] : []
    content {
      allow_origins     = var.allowed_origins
      allow_methods     = ["POST", "OPTIONS"]
      allow_headers     = ["authorization", "content-type"]
      allow_credentials = false
      max_age           = 600
    }
  }

  tags = var.tags
}

resource "aws_apigatewayv2_integration" "this" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = local.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.timeout_seconds * 1000 + 1000
}

resource "aws_apigatewayv2_route" "link" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = local.route_key
  target    = "integrations/${aws_apigatewayv2_integration.this.id}"
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit  = var.throttling_rate_limit
    throttling_burst_limit = var.throttling_burst_limit
  }

  tags = var.tags
}

# Only this API, only its POST /link route, may invoke the function (or, for java21, the published version).
resource "aws_lambda_permission" "api" {
  statement_id_prefix = "HttpApiLink-"
  action              = "lambda:InvokeFunction"
  function_name       = aws_lambda_function.this.function_name
  qualifier           = local.is_java ? aws_lambda_function.this.version : null
  principal           = "apigateway.amazonaws.com"
  source_arn          = "${aws_apigatewayv2_api.this.execution_arn}/*/POST/link"

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_iam_role_policy.this]
}
