# TEST ONLY. scripts/check.sh copies this file into temporary copies of the examples, where Terraform merges it into
# their `provider "aws"` block (*_override.tf files), so the real examples and modules stay untouched.
#
# Fake credentials and no calls to the metadata service or STS: nothing here can reach a real AWS account.
# The endpoints come from the environment check.sh sets, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, _IAM, _LAMBDA,
# _CLOUDWATCH_LOGS, _CLOUDWATCH (alarms and dashboard of modules/monitoring), _APIGATEWAYV2 (the HTTP API of modules/self-service-link) and _STS (the services the provider calls for these examples, docs/cognito-facts.md#moto-gaps), plus AWS_ENDPOINT_URL as a
# catch-all, all pointing at moto on 127.0.0.1. An `endpoints { ... }` block here would do the same, but with
# hashicorp/aws 5.100.0 it costs about 3 s of CPU at every provider configuration (measured: plan of
# examples/complete 7.2 s CPU with the block, 4.0 s without), which would double the time of the apply cycles.
provider "aws" {
  region     = "us-east-1"
  access_key = "test"
  secret_key = "test"

  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
