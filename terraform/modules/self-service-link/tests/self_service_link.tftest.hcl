# Unit tests of the self-service-link module against a mocked AWS provider: least privilege, the API wiring
# (payload 2.0, one route, CORS, throttling, invoke permission), the function's settings, and the input validations.
# Run with `terraform test` in modules/self-service-link (scripts/check.sh makes the placeholder package).

mock_provider "aws" {
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/oidc-merge-self-service-link"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/oidc-merge-self-service-link-role"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn                  = "arn:aws:lambda:us-east-1:123456789012:function:oidc-merge-self-service-link"
      qualified_arn        = "arn:aws:lambda:us-east-1:123456789012:function:oidc-merge-self-service-link:3"
      version              = "3"
      invoke_arn           = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:oidc-merge-self-service-link/invocations"
      qualified_invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:oidc-merge-self-service-link:3/invocations"
    }
  }
  mock_resource "aws_apigatewayv2_api" {
    defaults = {
      id            = "a1b2c3d4e5"
      api_endpoint  = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"
      execution_arn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5"
    }
  }
  mock_resource "aws_apigatewayv2_stage" {
    defaults = {
      invoke_url = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/"
    }
  }
}

variables {
  function_zip_path = "../../tests/fixtures/function.zip"
  user_pool_arn     = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123"
  client_ids        = ["4abcdefghijklmnopqrstuvw12"]
  allowed_origins   = ["https://app.example.com"]
  identity_providers = {
    Descope = { issuer = "https://api.descope.com/P2abc", audience = ["P2abc"] }
  }
}

run "the_function_runs_the_self_service_handler_with_its_settings" {
  command = apply

  assert {
    condition     = aws_lambda_function.this.runtime == "provided.al2023" && aws_lambda_function.this.handler == "bootstrap"
    error_message = "The native variant runs bootstrap on provided.al2023."
  }
  assert {
    condition     = aws_lambda_function.this.filename == var.function_zip_path && aws_lambda_function.this.source_code_hash == filebase64sha256(var.function_zip_path)
    error_message = "The function uploads the same function.zip as the trigger."
  }
  assert {
    condition     = aws_lambda_function.this.timeout == 10
    error_message = "Default timeout 10 s: the function's 8 s budget plus margin, below API Gateway's 30 s."
  }
  assert {
    condition = aws_lambda_function.this.environment[0].variables == tomap({
      QUARKUS_LAMBDA_HANDLER             = "self-service-link"
      MERGE_SELF_SERVICE_USER_POOL_ID    = "us-east-1_AbCdEf123"
      MERGE_SELF_SERVICE_CLIENT_IDS      = "4abcdefghijklmnopqrstuvw12"
      MERGE_SELF_SERVICE_ALLOWED_ORIGINS = "https://app.example.com"
      MERGE_PROVIDER_NAMES               = "Descope"
      MERGE_PROVIDER__DESCOPE__ISSUER    = "https://api.descope.com/P2abc"
      MERGE_PROVIDER__DESCOPE__AUDIENCE  = "P2abc"
    })
    error_message = "The environment must select the handler and carry exactly the settings given (defaults stay the function's)."
  }
  assert {
    condition     = output.url == "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/link"
    error_message = "The output URL is the stage URL plus /link."
  }
}

run "the_role_may_make_exactly_the_calls_the_function_makes" {
  command = apply

  assert {
    condition = jsondecode(aws_iam_role_policy.this.policy).Statement == [
      {
        Sid      = "ReadAndLinkInOnePool"
        Effect   = "Allow"
        Action   = ["cognito-idp:AdminGetUser", "cognito-idp:AdminLinkProviderForUser"]
        Resource = var.user_pool_arn
      },
      {
        Sid      = "WriteOwnLogStreams"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/oidc-merge-self-service-link:*"
      },
    ]
    error_message = "AdminGetUser and AdminLinkProviderForUser on the one pool, and its own log streams: nothing else."
  }
  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Service == "lambda.amazonaws.com"
    error_message = "Only Lambda may assume the role."
  }
}

run "link_notifications_add_publish_on_their_topic_only" {
  command = apply

  variables {
    merge_link_notification_topic_arn = "arn:aws:sns:us-east-1:123456789012:account-links"
  }

  assert {
    condition = contains(jsondecode(aws_iam_role_policy.this.policy).Statement, {
      Sid      = "NotifyLinksOnOneTopic"
      Effect   = "Allow"
      Action   = ["sns:Publish"]
      Resource = "arn:aws:sns:us-east-1:123456789012:account-links"
    })
    error_message = "With notifications on, sns:Publish on that topic only."
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["MERGE_LINK_NOTIFICATION_TOPIC_ARN"] == "arn:aws:sns:us-east-1:123456789012:account-links"
    error_message = "The function gets the topic."
  }
}

run "the_api_sends_payload_2_0_to_the_function_on_one_route" {
  command = apply

  assert {
    condition     = aws_apigatewayv2_api.this.protocol_type == "HTTP"
    error_message = "An HTTP API."
  }
  assert {
    condition     = aws_apigatewayv2_integration.this.integration_type == "AWS_PROXY" && aws_apigatewayv2_integration.this.payload_format_version == "2.0"
    error_message = "Lambda proxy integration with payload format 2.0 (what the handler reads)."
  }
  assert {
    condition     = aws_apigatewayv2_integration.this.integration_uri == aws_lambda_function.this.invoke_arn
    error_message = "For native the integration invokes the function."
  }
  assert {
    condition     = aws_apigatewayv2_route.link.route_key == "POST /link" && aws_apigatewayv2_route.link.target == "integrations/${aws_apigatewayv2_integration.this.id}"
    error_message = "One route, POST /link, to the integration."
  }
  assert {
    condition     = aws_apigatewayv2_stage.this.name == "$default" && aws_apigatewayv2_stage.this.auto_deploy
    error_message = "The $default stage, deployed automatically."
  }
  assert {
    condition     = aws_apigatewayv2_stage.this.default_route_settings[0].throttling_rate_limit == 5 && aws_apigatewayv2_stage.this.default_route_settings[0].throttling_burst_limit == 10
    error_message = "The stage throttles by default (5/s, burst 10)."
  }
  assert {
    condition     = aws_lambda_permission.api.principal == "apigateway.amazonaws.com" && aws_lambda_permission.api.source_arn == "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/POST/link"
    error_message = "Only this API's POST /link may invoke the function."
  }
  assert {
    condition     = aws_lambda_permission.api.qualifier == null
    error_message = "For native the permission covers the unqualified function."
  }
}

run "cors_names_the_configured_origins_only" {
  command = apply

  assert {
    condition     = aws_apigatewayv2_api.this.cors_configuration[0].allow_origins == toset(["https://app.example.com"])
    error_message = "CORS allows exactly the configured origins."
  }
  assert {
    condition     = aws_apigatewayv2_api.this.cors_configuration[0].allow_methods == toset(["POST", "OPTIONS"]) && aws_apigatewayv2_api.this.cors_configuration[0].allow_headers == toset(["authorization", "content-type"])
    error_message = "CORS allows POST with the two headers the request needs."
  }
  assert {
    condition     = aws_apigatewayv2_api.this.cors_configuration[0].allow_credentials == false
    error_message = "No cookies: the request carries its proof in the Authorization header."
  }
}

run "without_origins_there_is_no_cors_at_all" {
  command = apply

  variables {
    allowed_origins = []
  }

  assert {
    condition     = length(aws_apigatewayv2_api.this.cors_configuration) == 0
    error_message = "No origins: no CORS configuration (no browser may call it)."
  }
  assert {
    condition     = !contains(keys(aws_lambda_function.this.environment[0].variables), "MERGE_SELF_SERVICE_ALLOWED_ORIGINS")
    error_message = "No origins: the setting is left unset."
  }
}

run "java21_publishes_a_snapstart_version_and_the_api_invokes_it" {
  command = apply

  variables {
    runtime           = "java21"
    function_zip_path = "../../tests/fixtures/jvm/function.zip"
  }

  assert {
    condition     = aws_lambda_function.this.publish && aws_lambda_function.this.snap_start[0].apply_on == "PublishedVersions"
    error_message = "java21 publishes versions with SnapStart."
  }
  assert {
    condition     = aws_apigatewayv2_integration.this.integration_uri == aws_lambda_function.this.qualified_invoke_arn
    error_message = "The API invokes the published version."
  }
  assert {
    condition     = aws_lambda_permission.api.qualifier == "3"
    error_message = "The permission covers the published version."
  }
}

run "provider_keys_must_name_configured_providers" {
  command = plan

  variables {
    identity_providers = {
      Okta = { issuer = "https://okta.example.com", audience = ["0oa1"] }
    }
  }

  expect_failures = [var.identity_providers]
}

run "issuers_must_be_https_without_a_trailing_slash" {
  command = plan

  variables {
    identity_providers = {
      Descope = { issuer = "http://api.descope.com/P2abc/", audience = ["P2abc"] }
    }
  }

  expect_failures = [var.identity_providers]
}

run "an_audience_is_required" {
  command = plan

  variables {
    identity_providers = {
      Descope = { issuer = "https://api.descope.com/P2abc", audience = [] }
    }
  }

  expect_failures = [var.identity_providers]
}

run "wildcard_and_path_origins_are_refused" {
  command = plan

  variables {
    allowed_origins = ["*", "https://app.example.com/path"]
  }

  expect_failures = [var.allowed_origins]
}

run "client_ids_are_required" {
  command = plan

  variables {
    client_ids = []
  }

  expect_failures = [var.client_ids]
}

run "a_maximum_age_past_an_hour_is_refused" {
  command = plan

  variables {
    max_auth_age = "2h"
  }

  expect_failures = [var.max_auth_age]
}

run "a_maximum_age_in_range_reaches_the_function" {
  command = apply

  variables {
    max_auth_age = "5m"
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["MERGE_SELF_SERVICE_MAX_AUTH_AGE"] == "5m"
    error_message = "max_auth_age is passed on."
  }
}

run "the_handler_cannot_be_switched_through_extra_variables" {
  command = plan

  variables {
    extra_environment_variables = { QUARKUS_LAMBDA_HANDLER = "merge" }
  }

  expect_failures = [var.extra_environment_variables]
}

run "the_pool_arn_is_checked" {
  command = plan

  variables {
    user_pool_arn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/*"
  }

  expect_failures = [var.user_pool_arn]
}

run "a_timeout_at_api_gateways_limit_is_refused" {
  command = plan

  variables {
    timeout_seconds = 30
  }

  expect_failures = [var.timeout_seconds]
}

run "an_unreadable_maximum_age_is_refused" {
  command = plan

  variables {
    max_auth_age = "10 minutes"
  }

  expect_failures = [var.max_auth_age]
}
