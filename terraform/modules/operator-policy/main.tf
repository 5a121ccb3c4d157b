# Least-privilege IAM policies for the operator commands, for a person's role, not the function's. Built with
# jsonencode, not aws_iam_policy_document, so `terraform test` under mock_provider reads the real document
# (docs/cognito-facts.md#mock-provider-policy-document). No resources: attach the JSON where your operators' roles live.
#
# actions.json lists the actions of each command; OperatorIamTest (src/test/java/dev/cognitomerge/operator) runs every
# command against the Cognito stand-in and fails unless its calls are exactly that list.
locals {
  actions_by_command = {
    for command, actions in jsondecode(file("${path.module}/actions.json")).commands :
    command => sort([for action in actions : "cognito-idp:${action}"])
  }
  # reconcile (report) and doctor: they change nothing.
  read_actions = sort(distinct(concat(local.actions_by_command["doctor"], local.actions_by_command["reconcile"])))
  # reconcile --apply, unlink, link: what they call beyond the read-only actions.
  change_actions = sort(tolist(setsubtract(
    distinct(flatten([for command in ["reconcile-apply", "link", "unlink"] : local.actions_by_command[command]])),
    local.read_actions,
  )))
}
