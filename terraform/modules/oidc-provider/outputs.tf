output "provider_name" {
  description = "Name of the identity provider, read from the created resource: pass it to the app client (supported_identity_providers) so the client is created after the provider exists."
  value       = aws_cognito_identity_provider.this.provider_name
}

output "attribute_mapping" {
  description = "Attribute mapping as applied (attribute_mapping plus subject_attribute <= sub)."
  value       = aws_cognito_identity_provider.this.attribute_mapping
}

output "issuer_url" {
  description = "OIDC issuer Cognito trusts for this provider."
  value       = var.issuer_url
}
