# Unit tests of the merge-trigger module against a mocked AWS provider: the checks a policy scanner would make,
# the wiring the pool depends on, and the input validations. Run with `terraform test` in modules/merge-trigger.

mock_provider "aws" {
  # Realistic computed values, so assertions compare ARNs and not random strings.
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/oidc-merge-pre-sign-up"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/oidc-merge-pre-sign-up-role"
    }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn           = "arn:aws:lambda:us-east-1:123456789012:function:oidc-merge-pre-sign-up"
      qualified_arn = "arn:aws:lambda:us-east-1:123456789012:function:oidc-merge-pre-sign-up:7"
      version       = "7"
      invoke_arn    = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:oidc-merge-pre-sign-up/invocations"
    }
  }
}

variables {
  function_zip_path    = "../../tests/fixtures/function.zip"
  user_pool_arn        = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123"
  merge_provider_names = ["Descope"]
}

run "native_defaults_wire_function_permission_and_logs" {
  command = apply

  assert {
    condition     = aws_lambda_function.this.runtime == "provided.al2023" && aws_lambda_function.this.handler == "bootstrap"
    error_message = "The native variant must run the bootstrap executable on provided.al2023."
  }
  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["arm64"])
    error_message = "arm64 is the default architecture."
  }
  assert {
    condition     = aws_lambda_function.this.timeout == 5
    error_message = "The timeout must be 5 s, Cognito's fixed wait for a trigger."
  }
  assert {
    condition     = aws_lambda_function.this.publish == false && length(aws_lambda_function.this.snap_start) == 0
    error_message = "The native variant neither publishes versions nor uses SnapStart."
  }
  assert {
    condition     = output.trigger_arn == aws_lambda_function.this.arn
    error_message = "For native, the trigger is the unqualified function ARN."
  }
  assert {
    condition     = aws_lambda_function.this.filename == var.function_zip_path && aws_lambda_function.this.source_code_hash == filebase64sha256(var.function_zip_path)
    error_message = "The function must upload the given zip and track its hash."
  }
  assert {
    condition     = aws_lambda_function.this.role == aws_iam_role.this.arn
    error_message = "The function must run with the module's execution role."
  }

  # Invoke permission.
  assert {
    condition     = aws_lambda_permission.cognito.principal == "cognito-idp.amazonaws.com"
    error_message = "Only Cognito may invoke the function."
  }
  assert {
    condition     = aws_lambda_permission.cognito.source_arn == var.user_pool_arn
    error_message = "The permission's source_arn must be the pool ARN (confused-deputy protection)."
  }
  assert {
    condition     = aws_lambda_permission.cognito.action == "lambda:InvokeFunction" && aws_lambda_permission.cognito.function_name == aws_lambda_function.this.function_name
    error_message = "The permission must allow lambda:InvokeFunction on this function only."
  }
  assert {
    condition     = aws_lambda_permission.cognito.qualifier == null
    error_message = "For native the permission covers the unqualified function the pool points at."
  }

  # Log group.
  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/lambda/oidc-merge-pre-sign-up" && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "Log group /aws/lambda/<name> with 30 days retention by default."
  }

  # Environment.
  assert {
    condition     = aws_lambda_function.this.environment[0].variables == tomap({ MERGE_PROVIDER_NAMES = "Descope" })
    error_message = "With no settings, only MERGE_PROVIDER_NAMES is set; the function's own defaults apply to the rest."
  }
  assert {
    condition     = !strcontains(jsonencode(aws_lambda_function.this.environment), "cognito-idp")
    error_message = "The function's configuration must not mention the pool (that would be a dependency cycle)."
  }
}

run "execution_policy_is_least_privilege" {
  command = apply

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement :
      s.Effect == "Allow" && !contains(keys(s), "NotAction") && !contains(keys(s), "NotResource") && !contains(keys(s), "Principal")
    ])
    error_message = "Only plain Allow statements (no NotAction/NotResource)."
  }
  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : [for a in flatten([s.Action]) : !strcontains(a, "*")]
    ]))
    error_message = "No wildcard in any action."
  }
  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : flatten([s.Action])
    ])) == toset(["cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser", "cognito-idp:AdminGetUser", "logs:CreateLogStream", "logs:PutLogEvents"])
    error_message = "Exactly ListUsers, AdminLinkProviderForUser, AdminGetUser (protected_accounts defaults to mfa), CreateLogStream and PutLogEvents."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement :
      flatten([s.Resource]) == [var.user_pool_arn] if anytrue([for a in flatten([s.Action]) : startswith(a, "cognito-idp:")])
    ])
    error_message = "The Cognito actions must apply to the pool ARN and nothing else."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement :
      flatten([s.Resource]) == ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/oidc-merge-pre-sign-up:*"]
      if anytrue([for a in flatten([s.Action]) : startswith(a, "logs:")])
    ])
    error_message = "The logs actions must apply to the streams of the function's own log group only."
  }
  assert {
    condition = alltrue(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : [
        for r in flatten([s.Resource]) : r != "*" && (!strcontains(r, "*") || r == "${aws_cloudwatch_log_group.this.arn}:*")
      ]
    ]))
    error_message = "No wildcard resource; the only '*' allowed is the log-stream part of the own log group."
  }
  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal == { Service = "lambda.amazonaws.com" } && length(jsondecode(aws_iam_role.this.assume_role_policy).Statement) == 1
    error_message = "Only the Lambda service may assume the execution role."
  }
  assert {
    condition     = output.policy_json == aws_iam_role_policy.this.policy
    error_message = "policy_json must expose the applied policy."
  }
}

run "every_setting_is_passed_through" {
  command = apply

  variables {
    merge_provider_names            = ["Descope", "DescopeStaging"]
    merge_subject_attribute         = "custom:idp_sub"
    merge_require_verified_email    = false
    merge_dry_run                   = true
    merge_on_ambiguous              = "continue"
    merge_on_lookup_failed          = "continue"
    merge_time_budget               = "4s"
    protected_accounts              = "mfa-and-groups"
    protected_groups                = ["admins", "billing"]
    merge_protected_account_message = "Sign in with your password first."
    merge_on_second_identity        = "link"
    extra_environment_variables     = { QUARKUS_LOG_LEVEL = "DEBUG", MERGE_METRICS_NAMESPACE = "Auth" }
  }

  assert {
    condition = aws_lambda_function.this.environment[0].variables == tomap({
      MERGE_PROVIDER_NAMES            = "Descope,DescopeStaging"
      MERGE_SUBJECT_ATTRIBUTE         = "custom:idp_sub"
      MERGE_REQUIRE_VERIFIED_EMAIL    = "false"
      MERGE_DRY_RUN                   = "true"
      MERGE_ON_AMBIGUOUS              = "continue"
      MERGE_ON_LOOKUP_FAILED          = "continue"
      MERGE_TIME_BUDGET               = "4s"
      MERGE_PROTECTED_ACCOUNTS        = "mfa-and-groups"
      MERGE_PROTECTED_GROUPS          = "admins,billing"
      MERGE_PROTECTED_ACCOUNT_MESSAGE = "Sign in with your password first."
      MERGE_ON_SECOND_IDENTITY        = "link"
      QUARKUS_LOG_LEVEL               = "DEBUG"
      MERGE_METRICS_NAMESPACE         = "Auth"
    })
    error_message = "Every MERGE_* variable must reach the function under its fixed name."
  }
}

run "java21_points_the_trigger_at_a_snapstart_version" {
  command = apply

  variables {
    runtime           = "java21"
    function_zip_path = "../../tests/fixtures/jvm/function.zip"
    architecture      = "x86_64"
    memory_size       = 1024
  }

  assert {
    condition     = aws_lambda_function.this.runtime == "java21" && aws_lambda_function.this.handler == "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
    error_message = "The JVM variant runs Quarkus' stream handler on java21."
  }
  assert {
    condition     = aws_lambda_function.this.publish && aws_lambda_function.this.snap_start[0].apply_on == "PublishedVersions"
    error_message = "The JVM variant must publish a version with SnapStart."
  }
  assert {
    condition     = output.trigger_arn == aws_lambda_function.this.qualified_arn && endswith(output.trigger_arn, ":${aws_lambda_function.this.version}")
    error_message = "For java21 the trigger must be the published version ARN (SnapStart does not apply to $LATEST)."
  }
  assert {
    condition     = aws_lambda_permission.cognito.qualifier == aws_lambda_function.this.version && aws_lambda_permission.cognito.source_arn == var.user_pool_arn
    error_message = "For java21 the permission must cover the version the pool points at."
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["JAVA_TOOL_OPTIONS"] == "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
    error_message = "The JVM variant gets the cold-start JAVA_TOOL_OPTIONS."
  }
  assert {
    condition     = aws_lambda_function.this.timeout == 5 && aws_lambda_function.this.architectures == tolist(["x86_64"])
    error_message = "Timeout stays 5 s; architecture follows the variable."
  }
}

# ---- the package must fit the function ---------------------------------------------------------------------------
# function-package.json (written by the build, read from the package itself) says what function.zip is. A native
# executable for another architecture, or a package for the other runtime, would deploy a trigger that cannot start:
# every sign-up of the pool would then fail. Refused at plan time, with a sentence that says what to do.

run "the_architecture_follows_a_native_package_when_not_set" {
  command = plan
  variables {
    function_zip_path = "../../tests/fixtures/x86_64/function.zip"
  }
  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["x86_64"]) && output.architecture == "x86_64"
    error_message = "With architecture = null the function takes the architecture the native package was built for."
  }
}

run "a_jvm_package_runs_on_arm64_unless_told_otherwise" {
  command = plan
  variables {
    runtime           = "java21"
    function_zip_path = "../../tests/fixtures/jvm/function.zip"
  }
  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["arm64"])
    error_message = "Bytecode runs on either architecture; arm64 is the default."
  }
}

run "refuses_a_native_package_built_for_another_architecture" {
  command = plan
  variables {
    function_zip_path = "../../tests/fixtures/x86_64/function.zip"
    architecture      = "arm64"
  }
  expect_failures = [aws_lambda_function.this]
}

run "refuses_a_jvm_package_on_the_native_runtime" {
  command = plan
  variables {
    function_zip_path = "../../tests/fixtures/jvm/function.zip"
  }
  expect_failures = [aws_lambda_function.this]
}

run "refuses_a_native_package_on_java21" {
  command = plan
  variables {
    runtime = "java21"
  }
  expect_failures = [aws_lambda_function.this]
}

run "refuses_a_package_without_its_manifest" {
  command = plan
  variables {
    package_manifest_path = "../../tests/fixtures/no-such-manifest.json"
  }
  expect_failures = [aws_lambda_function.this]
}

run "time_budget_just_below_five_seconds_is_accepted" {
  command = plan

  variables {
    merge_time_budget = "4999ms"
  }
}

# ---- validations -------------------------------------------------------------------------------------------------
# Several bad inputs per run keep the suite fast (each run starts the provider for validation); expect_failures
# still fails the run unless every listed variable reports its own error.

run "rejects_a_budget_of_five_seconds_and_malformed_names" {
  command = plan
  variables {
    merge_time_budget    = "5s"                                                   # Cognito's whole wait, nothing left
    user_pool_arn        = "arn:aws:lambda:us-east-1:123456789012:function:other" # not a pool
    merge_provider_names = ["Desc_ope"]                                           # '_' breaks the userName split
    function_name        = "a-function-name-that-is-far-too-long-for-the-iam-role-suffix-x"
    function_zip_path    = "target/function.jar"
  }
  expect_failures = [var.merge_time_budget, var.user_pool_arn, var.merge_provider_names, var.function_name, var.function_zip_path]
}

run "rejects_a_budget_of_5000ms_and_lookalike_ids" {
  command = plan
  variables {
    merge_time_budget           = "5000ms"
    user_pool_arn               = "us-east-1_AbCdEf123" # a pool id, not an ARN
    merge_provider_names        = ["My Descope"]
    extra_environment_variables = { AWS_REGION = "eu-west-1" } # reserved by Lambda
  }
  expect_failures = [var.merge_time_budget, var.user_pool_arn, var.merge_provider_names, var.extra_environment_variables]
}

run "rejects_a_zero_budget_and_unknown_enum_values" {
  command = plan
  variables {
    merge_time_budget      = "0ms"
    runtime                = "java17"
    architecture           = "aarch64"
    merge_on_ambiguous     = "link-first"
    merge_on_lookup_failed = "retry"
    log_retention_in_days  = 45
    memory_size            = 64
  }
  expect_failures = [
    var.merge_time_budget, var.runtime, var.architecture, var.merge_on_ambiguous, var.merge_on_lookup_failed,
    var.log_retention_in_days, var.memory_size,
  ]
}

run "rejects_an_unparsable_budget_and_misplaced_settings" {
  command = plan
  variables {
    merge_time_budget           = "4.5 seconds"
    merge_subject_attribute     = "name" # a standard attribute would be overwritten at every sign-in
    extra_environment_variables = { MERGE_DRY_RUN = "true" }
    merge_provider_names        = []
  }
  expect_failures = [var.merge_time_budget, var.merge_subject_attribute, var.extra_environment_variables, var.merge_provider_names]
}

run "create_and_link_grows_the_policy_by_create_and_set_password_on_the_pool" {
  command = apply

  variables {
    when_no_native_user  = "create-and-link"
    native_sign_up_guard = "refuse"
  }

  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : flatten([s.Action])
      ])) == toset(["cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser", "cognito-idp:AdminGetUser",
    "cognito-idp:DescribeUserPool", "cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword", "logs:CreateLogStream", "logs:PutLogEvents"])
    error_message = "create-and-link adds exactly DescribeUserPool, AdminCreateUser and AdminSetUserPassword."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement :
      flatten([s.Resource]) == [var.user_pool_arn] if anytrue([for a in flatten([s.Action]) : startswith(a, "cognito-idp:")])
    ])
    error_message = "The Cognito actions, the new ones included, must apply to the pool ARN and nothing else."
  }
  assert {
    condition = (aws_lambda_function.this.environment[0].variables["MERGE_WHEN_NO_NATIVE_USER"] == "create-and-link"
    && aws_lambda_function.this.environment[0].variables["MERGE_NATIVE_SIGN_UP_GUARD"] == "refuse")
    error_message = "Both settings must reach the function under their fixed names."
  }
}

run "continue_and_the_guard_alone_add_no_action" {
  command = apply

  variables {
    when_no_native_user  = "continue"
    native_sign_up_guard = "refuse"
  }

  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : flatten([s.Action])
    ])) == toset(["cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser", "cognito-idp:AdminGetUser", "logs:CreateLogStream", "logs:PutLogEvents"])
    error_message = "Without create-and-link the function creates nothing, so the role may not either (the guard only searches; AdminGetUser is the default protected_accounts = mfa)."
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["MERGE_WHEN_NO_NATIVE_USER"] == "continue"
    error_message = "An explicit continue is passed through."
  }
}

run "unset_account_settings_stay_out_of_the_environment" {
  command = apply

  assert {
    condition = (!contains(keys(aws_lambda_function.this.environment[0].variables), "MERGE_WHEN_NO_NATIVE_USER")
    && !contains(keys(aws_lambda_function.this.environment[0].variables), "MERGE_NATIVE_SIGN_UP_GUARD"))
    error_message = "Unset, the function keeps its own defaults."
  }
}

run "rejects_unknown_account_settings_and_setting_them_around_the_variables" {
  command = plan
  variables {
    when_no_native_user         = "create"
    native_sign_up_guard        = "on"
    extra_environment_variables = { MERGE_WHEN_NO_NATIVE_USER = "create-and-link" }
  }
  expect_failures = [var.when_no_native_user, var.native_sign_up_guard, var.extra_environment_variables]
}

# protected_accounts decides what the function reads about the owner, so it decides the policy: exactly these
# Cognito actions per mode, nothing more (docs/cognito-facts.md#mfa-state-in-admin-get-user).
run "protection_off_grants_only_search_and_link" {
  command = apply
  variables {
    protected_accounts = "off"
  }
  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : [for a in flatten([s.Action]) : a if startswith(a, "cognito-idp:")]
    ])) == toset(["cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser"])
    error_message = "protected_accounts = off needs exactly ListUsers and AdminLinkProviderForUser."
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["MERGE_PROTECTED_ACCOUNTS"] == "off"
    error_message = "The mode must reach the function as MERGE_PROTECTED_ACCOUNTS."
  }
}

run "protection_mfa_adds_exactly_admin_get_user" {
  command = apply
  variables {
    protected_accounts = "mfa"
  }
  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : [for a in flatten([s.Action]) : a if startswith(a, "cognito-idp:")]
    ])) == toset(["cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser", "cognito-idp:AdminGetUser"])
    error_message = "protected_accounts = mfa needs exactly ListUsers, AdminLinkProviderForUser and AdminGetUser."
  }
}

run "protection_by_default_is_mfa_and_sets_no_variable" {
  command = apply
  assert {
    condition     = !contains(keys(aws_lambda_function.this.environment[0].variables), "MERGE_PROTECTED_ACCOUNTS") && !contains(keys(aws_lambda_function.this.environment[0].variables), "MERGE_PROTECTED_GROUPS")
    error_message = "Unset, the mode is left to the function's default (mfa)."
  }
  assert {
    condition = contains(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : flatten([s.Action])
    ]), "cognito-idp:AdminGetUser")
    error_message = "The function's default (mfa) needs AdminGetUser."
  }
}

run "protection_mfa_and_groups_adds_exactly_get_user_and_list_groups" {
  command = apply
  variables {
    protected_accounts = "mfa-and-groups"
    protected_groups   = ["admins"]
  }
  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : [for a in flatten([s.Action]) : a if startswith(a, "cognito-idp:")]
    ])) == toset(["cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser", "cognito-idp:AdminGetUser", "cognito-idp:AdminListGroupsForUser"])
    error_message = "protected_accounts = mfa-and-groups needs exactly ListUsers, AdminLinkProviderForUser, AdminGetUser and AdminListGroupsForUser."
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["MERGE_PROTECTED_GROUPS"] == "admins"
    error_message = "The groups must reach the function as MERGE_PROTECTED_GROUPS."
  }
}

run "rejects_unknown_protection_settings" {
  command = plan
  variables {
    protected_accounts              = "groups"
    merge_on_second_identity        = "merge"
    merge_protected_account_message = "two\nlines"
  }
  expect_failures = [var.protected_accounts, var.merge_on_second_identity, var.merge_protected_account_message]
}

run "rejects_group_mode_without_groups" {
  command = plan
  variables {
    protected_accounts = "mfa-and-groups"
  }
  expect_failures = [var.protected_groups]
}

run "rejects_groups_the_mode_would_not_read_and_bad_group_names" {
  command = plan
  variables {
    protected_groups            = ["Power Users"]
    extra_environment_variables = { MERGE_PROTECTED_ACCOUNTS = "off" }
  }
  expect_failures = [var.protected_groups, var.extra_environment_variables]
}

run "per_provider_trust_reaches_the_function_under_its_upper_cased_name" {
  command = apply
  variables {
    merge_provider_names = ["Descope", "Corp-SAML"]
    merge_provider_trust = {
      "Corp-SAML" = { require_verified_email = false }
      "Descope"   = { subject_attribute = "custom:idp_sub" }
    }
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["MERGE_PROVIDER__CORP_SAML__REQUIRE_VERIFIED_EMAIL"] == "false" && aws_lambda_function.this.environment[0].variables["MERGE_PROVIDER__DESCOPE__SUBJECT_ATTRIBUTE"] == "custom:idp_sub"
    error_message = "Each provider's setting must reach the function as MERGE_PROVIDER__<NAME>__<SETTING>."
  }
  assert {
    condition     = !contains(keys(aws_lambda_function.this.environment[0].variables), "MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL") && !contains(keys(aws_lambda_function.this.environment[0].variables), "MERGE_PROVIDER__CORP_SAML__SUBJECT_ATTRIBUTE")
    error_message = "An unset attribute must leave the global setting in force (no variable)."
  }
}

run "rejects_trust_for_unknown_providers_and_standard_subject_attributes" {
  command = plan
  variables {
    merge_provider_names        = ["Descope"]
    merge_provider_trust        = { "Okta" = { subject_attribute = "name" } }
    extra_environment_variables = { MERGE_PROVIDER__DESCOPE__REQUIRE_VERIFIED_EMAIL = "false" }
  }
  expect_failures = [var.merge_provider_trust, var.extra_environment_variables]
}

run "rejects_trust_when_two_provider_names_share_the_upper_cased_form" {
  command = plan
  variables {
    merge_provider_names = ["Corp-SAML", "Corp.SAML"]
    merge_provider_trust = { "Corp-SAML" = { require_verified_email = false } }
  }
  expect_failures = [var.merge_provider_trust]
}

run "link_notification_off_grants_no_sns" {
  command = apply
  assert {
    condition = !anytrue(flatten([
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : [for a in flatten([s.Action]) : startswith(a, "sns:")]
    ]))
    error_message = "Without a notification topic the function gets no SNS permission."
  }
}

run "link_notification_grants_publish_on_its_topic_only" {
  command = apply
  variables {
    merge_link_notification_topic_arn = "arn:aws:sns:us-east-1:123456789012:account-links"
  }
  assert {
    condition = [
      for s in jsondecode(aws_iam_role_policy.this.policy).Statement : { a = flatten([s.Action]), r = flatten([s.Resource]) }
      if anytrue([for a in flatten([s.Action]) : startswith(a, "sns:")])
    ] == [{ a = ["sns:Publish"], r = ["arn:aws:sns:us-east-1:123456789012:account-links"] }]
    error_message = "Exactly sns:Publish, on the notification topic and nothing else."
  }
  assert {
    condition     = aws_lambda_function.this.environment[0].variables["MERGE_LINK_NOTIFICATION_TOPIC_ARN"] == "arn:aws:sns:us-east-1:123456789012:account-links"
    error_message = "The topic must reach the function as MERGE_LINK_NOTIFICATION_TOPIC_ARN."
  }
}

run "rejects_a_fifo_or_malformed_notification_topic" {
  command = plan
  variables {
    merge_link_notification_topic_arn = "arn:aws:sns:us-east-1:123456789012:links.fifo"
  }
  expect_failures = [var.merge_link_notification_topic_arn]
}
