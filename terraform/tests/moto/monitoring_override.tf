# TEST ONLY. scripts/check.sh copies this file next to provider_override.tf into the temporary copies of the examples.
# moto 5.2.1 has no PutQueryDefinition (docs/cognito-facts.md#moto-no-query-definitions), so the apply cycle leaves the saved queries
# out; modules/monitoring/tests covers them with the mocked provider. Alarms and the dashboard are applied for real.
module "monitoring" {
  saved_queries_enabled = false
}
