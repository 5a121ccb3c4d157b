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

output "cognito_passkeys" {
  description = "What is on for Cognito's own passkeys: enabled, feature_plan (the pool's tier), first_auth_factors, relying_party_id (null = Cognito's default domain), user_verification, client_allows_user_auth, managed_login_version, hosted_ui_offers_passkeys (managed login on the domain), and branding_command: the one-time command that gives the app client a managed login style, without which managed login shows no sign-in page (null when not needed)."
  value = {
    enabled                   = local.passkeys
    feature_plan              = aws_cognito_user_pool.this.user_pool_tier
    first_auth_factors        = local.passkeys ? ["PASSWORD", "WEB_AUTHN"] : []
    relying_party_id          = local.passkeys ? local.relying_party_id : null
    user_verification         = local.passkeys ? var.cognito_passkeys.user_verification : null
    client_allows_user_auth   = contains(aws_cognito_user_pool_client.this.explicit_auth_flows, "ALLOW_USER_AUTH")
    managed_login_version     = local.managed_login_version
    hosted_ui_offers_passkeys = local.passkeys && local.managed_login_version == 2 && local.relying_party_serves_hosted_ui
    branding_command = local.managed_login_version == 2 ? format(
      "aws cognito-idp create-managed-login-branding --user-pool-id %s --client-id %s --use-cognito-provided-values",
      aws_cognito_user_pool.this.id, aws_cognito_user_pool_client.this.id,
    ) : null
  }
}

output "custom_domain_cloudfront_distribution" {
  description = "CloudFront host name to point the custom domain's alias record at (null without custom_domain)."
  value       = try(aws_cognito_user_pool_domain.custom[0].cloudfront_distribution, null)
}

output "custom_domain_url" {
  description = "Base URL of the hosted pages on the custom domain (null without custom_domain): where passkeys work in managed login when the pool has a custom domain."
  value       = var.custom_domain == null ? null : "https://${var.custom_domain.domain}"
}
