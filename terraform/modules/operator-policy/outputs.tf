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
  description = "IAM policy JSON for `reconcile --apply`, `unlink` and `link`: the read-only actions plus exactly the writes they make, on the one pool."
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
