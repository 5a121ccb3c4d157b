resource "aws_iam_role" "this" {
  name        = "${var.function_name}-role"
  description = "Execution role of the Cognito Pre sign-up trigger ${var.function_name}."

  # Policies are built with jsonencode, not aws_iam_policy_document: under mock_provider the data source yields a
  # random string, and the tests in tests/ must read the real document (docs/cognito-facts.md#mock-provider-policy-document).
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

# Exactly what the function calls, on exactly one pool: ListUsers to find the native account by e-mail and
# AdminLinkProviderForUser to link the federated identity to it, plus what protected_accounts needs to read the
# owner's MFA state and groups (local.protection_actions). The blog this project grew from granted
# cognito-idp:* on *, which would let a compromised function delete users or the pool.
#
# A separate resource (not inline in the role) so that only it depends on the pool ARN: role and function come first,
# the pool points its lambda_config at the function, then this policy and the invoke permission follow the pool.
resource "aws_iam_role_policy" "this" {
  name = "link-federated-identity"
  role = aws_iam_role.this.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid      = "LinkFederatedIdentityInOnePool"
        Effect   = "Allow"
        Action   = concat(["cognito-idp:AdminLinkProviderForUser", "cognito-idp:ListUsers"], local.protection_actions)
        Resource = var.user_pool_arn
      },
      {
        # Streams of its own log group only; the group itself is created by Terraform (no logs:CreateLogGroup).
        # ":*" is the log-stream part of the ARN, as in the AWS Lambda Operator Guide's least-privilege example
        # (arn:aws:logs:region:account:log-group:/aws/lambda/functionname:*).
        Sid      = "WriteOwnLogStreams"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.this.arn}:*"
      },
      ],
      # create-and-link only: the pool's shape (DescribeUserPool: whether usernames are emails, whether the schema
      # has custom:merge_created; read once per instance, docs/cognito-facts.md#pool-shape), the native user for a
      # federated first sign-in, and its random permanent password so that "forgot password" works
      # (docs/cognito-facts.md#admin-create-user-username, docs/cognito-facts.md#admin-set-user-password). Without the
      # setting the function never creates a user, so the role cannot either.
      local.creates_users ? [{
        Sid      = "CreateNativeUserInOnePool"
        Effect   = "Allow"
        Action   = ["cognito-idp:DescribeUserPool", "cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword"]
        Resource = var.user_pool_arn
      }] : [],

      # Only when link notifications are on, and only on their topic.
      var.merge_link_notification_topic_arn == null ? [] : [{
        Sid      = "NotifyLinksOnOneTopic"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = var.merge_link_notification_topic_arn
      }],
    )
  })
}

locals {
  creates_users = var.when_no_native_user == "create-and-link"
}
