# The operator policies: per command exactly its actions (actions.json, which OperatorIamTest checks against the calls),
# read-only for report/doctor, exactly the extra writes for apply/unlink/link, one pool only.
# Run with `terraform test` in modules/operator-policy.

variables {
  user_pool_arn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123"
}

run "read_only_policy_has_only_read_actions_on_the_pool" {
  command = plan

  assert {
    condition = jsondecode(output.read_only_policy_json).Statement[0].Action == [
      "cognito-idp:AdminGetUser", "cognito-idp:AdminListGroupsForUser", "cognito-idp:DescribeIdentityProvider",
      "cognito-idp:DescribeUserPool", "cognito-idp:DescribeUserPoolClient", "cognito-idp:ListIdentityProviders",
      "cognito-idp:ListUserPoolClients", "cognito-idp:ListUsers",
    ]
    error_message = "report/doctor need exactly these read actions (AdminGetUser: MFA protection; AdminListGroupsForUser: groups of both users)"
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
      "cognito-idp:AdminLinkProviderForUser", "cognito-idp:AdminUpdateUserAttributes",
    ]
    error_message = "apply/unlink/link add exactly these actions (AdminUpdateUserAttributes: custom:merge_unlinked)"
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

run "each_command_gets_exactly_its_actions" {
  command = plan

  assert {
    condition     = toset(keys(output.policy_json_by_command)) == toset(["doctor", "reconcile", "reconcile-apply", "link", "unlink"])
    error_message = "one policy per command"
  }
  assert {
    condition = jsondecode(output.policy_json_by_command["unlink"]).Statement[0].Action == [
      "cognito-idp:AdminDisableProviderForUser", "cognito-idp:AdminUpdateUserAttributes", "cognito-idp:ListUsers",
    ]
    error_message = "unlink records the unlink (AdminUpdateUserAttributes) and removes the link, nothing else"
  }
  assert {
    condition     = !contains(jsondecode(output.policy_json_by_command["reconcile"]).Statement[0].Action, "cognito-idp:AdminDeleteUser")
    error_message = "the report never deletes"
  }
  assert {
    condition     = alltrue([for p in values(output.policy_json_by_command) : jsondecode(p).Statement[0].Resource == var.user_pool_arn && !strcontains(p, "*")])
    error_message = "every per-command policy names only the pool, without wildcards"
  }
}

run "rejects_something_that_is_not_a_pool_arn" {
  command = plan

  variables {
    user_pool_arn = "*"
  }

  expect_failures = [var.user_pool_arn]
}
