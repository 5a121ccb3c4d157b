locals {
  attribute_mapping = merge(
    var.attribute_mapping,
    var.subject_attribute == null ? {} : { (var.subject_attribute) = "sub" },
  )
}

resource "aws_cognito_identity_provider" "this" {
  user_pool_id  = var.user_pool_id
  provider_name = var.provider_name
  provider_type = "OIDC"

  provider_details = {
    client_id                 = var.client_id
    client_secret             = var.client_secret
    oidc_issuer               = var.issuer_url
    authorize_scopes          = join(" ", var.authorize_scopes)
    attributes_request_method = var.attributes_request_method
  }

  attribute_mapping = local.attribute_mapping

  lifecycle {
    # Cognito discovers these five endpoints from <issuer>/.well-known/openid-configuration and stores them in
    # provider_details, so without this every plan would try to remove them (terraform-provider-aws #4831, #42157;
    # the suppression proposed upstream in PR #48121 covers Google and SAML only). Ignoring them key by key, instead of
    # the whole map, keeps client_secret, scopes and issuer under Terraform's control, so a rotated key still applies.
    ignore_changes = [
      provider_details["authorize_url"],
      provider_details["token_url"],
      provider_details["attributes_url"],
      provider_details["attributes_url_add_attributes"],
      provider_details["jwks_uri"],
    ]

    precondition {
      condition     = var.subject_attribute == null ? true : lookup(var.attribute_mapping, var.subject_attribute, "sub") == "sub"
      error_message = "attribute_mapping maps ${coalesce(var.subject_attribute, "-")} from another claim than sub, but subject_attribute says it carries sub."
    }
  }
}
