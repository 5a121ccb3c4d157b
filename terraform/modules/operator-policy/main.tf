# Least-privilege IAM policies for the operator commands, for a person's role, not the function's. Built with
# jsonencode, not aws_iam_policy_document, so `terraform test` under mock_provider reads the real document
# (docs/cognito-facts.md#mock-provider-policy-document). No resources: attach the JSON where your operators' roles live.
locals {
  # reconcile (report) and doctor: list users, describe the pool and its identity providers.
  read_actions = [
    "cognito-idp:DescribeIdentityProvider",
    "cognito-idp:DescribeUserPool",
    "cognito-idp:ListUsers",
  ]
  # reconcile --apply (--copy-groups), unlink, link: exactly the calls they add.
  change_actions = [
    "cognito-idp:AdminAddUserToGroup",
    "cognito-idp:AdminDeleteUser",
    "cognito-idp:AdminDisableProviderForUser",
    "cognito-idp:AdminLinkProviderForUser",
    "cognito-idp:AdminListGroupsForUser",
  ]
}
