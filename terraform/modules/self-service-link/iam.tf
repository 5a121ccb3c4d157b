resource "aws_iam_role" "this" {
  name        = "${var.function_name}-role"
  description = "Execution role of the self-service link function ${var.function_name}."

  # jsonencode, not aws_iam_policy_document: the tests read the real document (docs/cognito-facts.md#mock-provider-policy-document).
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

# Exactly the calls the function makes, on exactly one pool: AdminGetUser (the native user as it is now, then whether
# the identity has a federated profile of its own) and AdminLinkProviderForUser. No ListUsers: the person names their
# account by signing in to it. sns:Publish only with link notifications, only on their topic.
resource "aws_iam_role_policy" "this" {
  name = "self-service-link"
  role = aws_iam_role.this.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
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
        Resource = "${aws_cloudwatch_log_group.this.arn}:*"
      },
      ],
      var.merge_link_notification_topic_arn == null ? [] : [{
        Sid      = "NotifyLinksOnOneTopic"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = var.merge_link_notification_topic_arn
      }],
    )
  })
}
