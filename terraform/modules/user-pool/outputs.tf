output "id" {
  description = "Id of the user pool."
  value       = aws_cognito_user_pool.this.id
}

output "arn" {
  description = "ARN of the user pool: the merge-trigger module's user_pool_arn."
  value       = aws_cognito_user_pool.this.arn
}

output "issuer_url" {
  description = "Issuer of the tokens the pool issues (https://cognito-idp.<region>.amazonaws.com/<pool id>)."
  value       = "https://${aws_cognito_user_pool.this.endpoint}"
}

output "subject_attribute" {
  description = "Full name of the subject attribute (custom:<subject_attribute_name>), or null: feed it to the oidc-provider module's subject_attribute."
  value       = var.subject_attribute_name == null ? null : "custom:${var.subject_attribute_name}"
}

output "domain" {
  description = "Prefix of the hosted UI domain."
  value       = aws_cognito_user_pool_domain.this.domain
}

output "hosted_ui_url" {
  description = "Base URL of the hosted UI and OAuth endpoints (https://<domain>.auth.<region>.amazoncognito.com)."
  value       = local.hosted_ui_url
}

output "idp_response_url" {
  description = "Redirect URI to register at Descope (and any OIDC IdP): <hosted_ui_url>/oauth2/idpresponse."
  value       = "${local.hosted_ui_url}/oauth2/idpresponse"
}

output "client_id" {
  description = "Id of the app client."
  value       = aws_cognito_user_pool_client.this.id
}

output "client_secret" {
  description = "Secret of the app client (empty for a public client)."
  value       = aws_cognito_user_pool_client.this.client_secret
  sensitive   = true
}

output "authorize_urls" {
  description = "Per identity provider, a ready /oauth2/authorize URL (code flow, first callback URL, the client's scopes) that skips the hosted UI and goes straight to that provider."
  value = {
    for p in var.identity_provider_names : p => format(
      "%s/oauth2/authorize?identity_provider=%s&response_type=code&client_id=%s&redirect_uri=%s&scope=%s",
      local.hosted_ui_url,
      urlencode(p),
      aws_cognito_user_pool_client.this.id,
      urlencode(var.callback_urls[0]),
      join("+", [for s in var.oauth_scopes : urlencode(s)]),
    )
  }
}

output "pre_sign_up_lambda_arn" {
  description = "Pre sign-up trigger ARN as configured on the pool (null when detached)."
  value       = try(aws_cognito_user_pool.this.lambda_config[0].pre_sign_up, null)
}

output "merge_attributes" {
  description = "The two custom attributes the trigger and the operator commands keep on native users (custom:merge_unlinked, custom:merge_created), in the pool's schema and writable by no app client."
  value       = [for n in local.merge_attribute_names : "custom:${n}"]
}

output "client_write_attributes" {
  description = "Attributes the app client may write: Cognito's standard attributes and the subject attribute, never custom:merge_*."
  value       = aws_cognito_user_pool_client.this.write_attributes
}
