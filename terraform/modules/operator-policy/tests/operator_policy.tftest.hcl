# The operator policies: read-only for report/doctor, exactly the extra writes for apply/unlink/link, one pool only.
# Run with `terraform test` in modules/operator-policy.

variables {
  user_pool_arn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123"
}

run "read_only_policy_has_only_read_actions_on_the_pool" {
  command = plan

  assert {
    condition = jsondecode(output.read_only_policy_json).Statement[0].Action == [
      "cognito-idp:DescribeIdentityProvider", "cognito-idp:DescribeUserPool", "cognito-idp:ListUsers",
    ]
    error_message = "report/doctor need exactly ListUsers, DescribeUserPool and DescribeIdentityProvider"
  }
  assert {
    condition     = length(jsondecode(output.read_only_policy_json).Statement) == 1 && jsondecode(output.read_only_policy_json).Statement[0].Resource == var.user_pool_arn
    error_message = "the read-only policy must name only the pool"
  }
}

run "repair_policy_adds_exactly_the_writes_on_the_pool" {
  command = plan

  assert {
    condition = jsondecode(output.repair_policy_json).Statement[1].Action == [
      "cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminDeleteUser", "cognito-idp:AdminDisableProviderForUser",
      "cognito-idp:AdminLinkProviderForUser", "cognito-idp:AdminListGroupsForUser",
    ]
    error_message = "apply/unlink/link add exactly these actions"
  }
  assert {
    condition     = alltrue([for s in jsondecode(output.repair_policy_json).Statement : s.Resource == var.user_pool_arn && s.Effect == "Allow"])
    error_message = "every statement must allow on the pool ARN only"
  }
  assert {
    condition     = !strcontains(output.repair_policy_json, "*")
    error_message = "no wildcard action or resource"
  }
}

run "rejects_something_that_is_not_a_pool_arn" {
  command = plan

  variables {
    user_pool_arn = "*"
  }

  expect_failures = [var.user_pool_arn]
}
