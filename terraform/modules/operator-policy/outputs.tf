output "read_only_policy_json" {
  description = "IAM policy JSON for `reconcile` (report) and `doctor`: read-only actions on the one pool."
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "InspectOnePool"
      Effect   = "Allow"
      Action   = local.read_actions
      Resource = var.user_pool_arn
    }]
  })
}

output "repair_policy_json" {
  description = "IAM policy JSON for every operator command (`doctor`, `reconcile`, `reconcile --apply`, `link`, `unlink`): the read-only actions plus exactly the writes they make, on the one pool."
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "InspectOnePool"
        Effect   = "Allow"
        Action   = local.read_actions
        Resource = var.user_pool_arn
      },
      {
        Sid      = "RepairLinksInOnePool"
        Effect   = "Allow"
        Action   = local.change_actions
        Resource = var.user_pool_arn
      },
    ]
  })
}

output "policy_json_by_command" {
  description = "IAM policy JSON per command (keys doctor, reconcile, reconcile-apply, link, unlink): exactly the actions that command calls, on the one pool."
  value = {
    for command, actions in local.actions_by_command : command => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid      = "OperatorCommandOnOnePool"
        Effect   = "Allow"
        Action   = actions
        Resource = var.user_pool_arn
      }]
    })
  }
}

output "actions_by_command" {
  description = "The Cognito actions each operator command calls (from actions.json), e.g. to compare with a role you already have."
  value       = local.actions_by_command
}
