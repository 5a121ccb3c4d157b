locals {
  is_java = var.runtime == "java21"

  # Cognito waits 5 s for a trigger and does not let you change that (docs/cognito-facts.md#trigger-budget): a longer
  # Lambda timeout would only let the function work on after Cognito has given up.
  timeout_seconds = 5

  handler = {
    native = "bootstrap"
    java21 = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
  }
  lambda_runtime = {
    native = "provided.al2023"
    java21 = "java21"
  }

  # Only what the caller set reaches the function; everything else keeps the function's own default, so the
  # defaults live in one place (the function's config mapping) and this module does not restate them.
  merge_settings = {
    MERGE_PROVIDER_NAMES              = join(",", var.merge_provider_names)
    MERGE_SUBJECT_ATTRIBUTE           = var.merge_subject_attribute
    MERGE_REQUIRE_VERIFIED_EMAIL      = var.merge_require_verified_email == null ? null : tostring(var.merge_require_verified_email)
    MERGE_DRY_RUN                     = var.merge_dry_run == null ? null : tostring(var.merge_dry_run)
    MERGE_ON_AMBIGUOUS                = var.merge_on_ambiguous
    MERGE_ON_LOOKUP_FAILED            = var.merge_on_lookup_failed
    MERGE_TIME_BUDGET                 = var.merge_time_budget
    MERGE_PROTECTED_ACCOUNTS          = var.protected_accounts
    MERGE_PROTECTED_GROUPS            = length(var.protected_groups) > 0 ? join(",", var.protected_groups) : null
    MERGE_PROTECTED_ACCOUNT_MESSAGE   = var.merge_protected_account_message
    MERGE_ON_SECOND_IDENTITY          = var.merge_on_second_identity
    MERGE_LINK_NOTIFICATION_TOPIC_ARN = var.merge_link_notification_topic_arn
    MERGE_WHEN_NO_NATIVE_USER         = var.when_no_native_user
    MERGE_NATIVE_SIGN_UP_GUARD        = var.native_sign_up_guard
  }

  # The policy depends on the mode, so the mode's default (the function's: mfa) is restated here, once.
  protected_accounts = coalesce(var.protected_accounts, "mfa")
  # What reading the owner's protection costs in permissions (docs/cognito-facts.md#mfa-state-in-admin-get-user,
  # docs/cognito-facts.md#list-groups-for-user): nothing when off.
  protection_actions = {
    off              = []
    mfa              = ["cognito-idp:AdminGetUser"]
    "mfa-and-groups" = ["cognito-idp:AdminGetUser", "cognito-idp:AdminListGroupsForUser"]
  }[local.protected_accounts]

  # merge_provider_trust as the function reads it from the environment (its map keys are matched back to provider names).
  provider_trust_settings = merge([
    for name, trust in var.merge_provider_trust : {
      "MERGE_PROVIDER__${upper(replace(name, "/[^A-Za-z0-9]/", "_"))}__REQUIRE_VERIFIED_EMAIL" = trust.require_verified_email == null ? null : tostring(trust.require_verified_email)
      "MERGE_PROVIDER__${upper(replace(name, "/[^A-Za-z0-9]/", "_"))}__SUBJECT_ATTRIBUTE"      = trust.subject_attribute
    }
  ]...)

  environment = merge(
    var.extra_environment_variables,
    local.is_java ? { JAVA_TOOL_OPTIONS = var.java_tool_options } : {},
    { for k, v in local.merge_settings : k => v if v != null },
    { for k, v in local.provider_trust_settings : k => v if v != null },
  )

  log_group_name = "/aws/lambda/${var.function_name}"

  # What the package is, as the build read it from the package itself (src/build/java/PackageManifest.java). A
  # native executable runs on one architecture only and a JVM package needs the java21 runtime: a mismatch deploys a
  # trigger that cannot start, and then Cognito fails every sign-up of the pool, native ones included.
  manifest_path        = coalesce(var.package_manifest_path, "${dirname(var.function_zip_path)}/function-package.json")
  manifest             = fileexists(local.manifest_path) ? try(jsondecode(file(local.manifest_path)), null) : null
  package_packaging    = try(local.manifest.packaging, null)
  package_architecture = try(local.manifest.architecture, null)
  expected_packaging   = local.is_java ? "jvm" : "native"
  architecture = coalesce(var.architecture,
    contains(["arm64", "x86_64"], coalesce(local.package_architecture, "any")) ? local.package_architecture : "arm64"
  )
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_in_days
  tags              = var.tags
}

# Deliberately no reference to the user pool here: the pool's lambda_config points at this function, so if the
# function's configuration referenced the pool, Terraform would have a cycle (docs/cognito-facts.md#no-pool-reference-cycle). The handler reads the
# pool id from event.userPoolId instead.
resource "aws_lambda_function" "this" {
  function_name = var.function_name
  description   = "Cognito Pre sign-up trigger: links a federated sign-in to the native account with the same e-mail."
  role          = aws_iam_role.this.arn

  # Built by Maven (target/function.zip), never by Terraform.
  filename         = var.function_zip_path
  source_code_hash = filebase64sha256(var.function_zip_path)

  runtime       = local.lambda_runtime[var.runtime]
  handler       = local.handler[var.runtime]
  architectures = [local.architecture]
  memory_size   = var.memory_size
  timeout       = local.timeout_seconds

  # SnapStart restores from a snapshot of a published version only; $LATEST always cold-starts (docs/cognito-facts.md#snapstart).
  # A JVM cold start with an AWS SDK call can exceed Cognito's 5 s budget, so the java21 variant is published
  # with SnapStart and the pool is pointed at the version ARN (see outputs.tf, trigger_arn).
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

  # The log group exists (with its retention) before the first invocation could create it without one.
  depends_on = [aws_cloudwatch_log_group.this]

  lifecycle {
    precondition {
      condition     = local.manifest != null
      error_message = "No readable build manifest at ${local.manifest_path}. The Maven build writes function-package.json next to function.zip (which runtime and architecture the package is for): build again with ./mvnw package, or set package_manifest_path."
    }
    precondition {
      condition     = local.package_packaging == null || local.package_packaging == local.expected_packaging
      error_message = "function.zip holds a ${coalesce(local.package_packaging, "?")} package but runtime = \"${var.runtime}\": a JVM package (./mvnw package) needs runtime = \"java21\", a native one (./mvnw package -Dnative) runtime = \"native\". Deployed, the trigger could not start and every sign-up of the pool would fail."
    }
    precondition {
      condition     = local.package_architecture == null || local.package_architecture == "any" || local.package_architecture == local.architecture
      error_message = "function.zip was built for ${coalesce(local.package_architecture, "?")} but architecture = \"${local.architecture}\": a native executable runs only on the architecture it was built for. Deployed, the trigger could not start and every sign-up of the pool would fail. Set architecture = \"${coalesce(local.package_architecture, "?")}\" (or leave it null to follow the package), or build for ${local.architecture} (README, Deploy)."
    }
  }
}

# Cognito may invoke only this function (or, for java21, only the published version the pool points at), and only
# on behalf of this pool: source_arn stops another account's pool from invoking it (confused deputy).
resource "aws_lambda_permission" "cognito" {
  statement_id_prefix = "CognitoPreSignUp-"
  action              = "lambda:InvokeFunction"
  function_name       = aws_lambda_function.this.function_name
  qualifier           = local.is_java ? aws_lambda_function.this.version : null
  principal           = "cognito-idp.amazonaws.com"
  source_arn          = var.user_pool_arn

  # For java21 every deploy publishes a new version, which replaces this permission (its qualifier changes). Creating
  # the new one first means the pool, moved to the new version in the same apply, is never left without a permission.
  # statement_id_prefix keeps the two statements from colliding when both live on the same function.
  lifecycle {
    create_before_destroy = true
  }

  # Cognito gets to invoke the function only once the function may do its job; otherwise the first sign-ups
  # would fail on AccessDenied from ListUsers.
  depends_on = [aws_iam_role_policy.this]
}
