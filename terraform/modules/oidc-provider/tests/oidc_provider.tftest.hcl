# Unit tests of the oidc-provider module against a mocked AWS provider. The attribute mapping is what matters most:
# Cognito writes every mapped attribute onto the linked native user at each federated sign-in (docs/cognito-facts.md#attribute-overwrite,
# amplify-js #7300), so these tests pin down what the default mapping may touch.

mock_provider "aws" {}

variables {
  user_pool_id  = "us-east-1_AbCdEf123"
  client_id     = "P2AbCdEfGhIjKlMnOpQrStUvWxYz"
  client_secret = "K2-placeholder-access-key"
  issuer_url    = "https://api.descope.com/P2AbCdEfGhIjKlMnOpQrStUvWxYz"
}

run "defaults_describe_descope" {
  command = apply

  assert {
    condition     = aws_cognito_identity_provider.this.provider_type == "OIDC" && aws_cognito_identity_provider.this.provider_name == "Descope"
    error_message = "An OIDC provider named Descope by default."
  }
  assert {
    condition     = aws_cognito_identity_provider.this.provider_details["attributes_request_method"] == "GET"
    error_message = "attributes_request_method defaults to GET."
  }
  assert {
    condition     = aws_cognito_identity_provider.this.provider_details["authorize_scopes"] == "openid profile email descope:custom_claims"
    error_message = "Default scopes are openid profile email descope:custom_claims."
  }
  assert {
    condition = (
      aws_cognito_identity_provider.this.provider_details["oidc_issuer"] == var.issuer_url &&
      aws_cognito_identity_provider.this.provider_details["client_id"] == var.client_id &&
      aws_cognito_identity_provider.this.provider_details["client_secret"] == var.client_secret
    )
    error_message = "Issuer, client id (project id) and client secret (access key) go into provider_details."
  }
  assert {
    # Only the keys Terraform owns: the five discovered endpoints are Cognito's (ignore_changes in main.tf).
    condition     = toset(keys(aws_cognito_identity_provider.this.provider_details)) == toset(["client_id", "client_secret", "oidc_issuer", "authorize_scopes", "attributes_request_method"])
    error_message = "provider_details must hold exactly the five configured keys."
  }
  assert {
    condition     = output.provider_name == "Descope"
    error_message = "provider_name output is the created provider's name."
  }
}

run "default_mapping_never_unverifies_or_overwrites_the_native_account" {
  command = apply

  assert {
    condition = aws_cognito_identity_provider.this.attribute_mapping == tomap({
      email          = "email"
      email_verified = "email_verified"
      username       = "sub"
    })
    error_message = "The default mapping is email, email_verified and username <= sub, nothing else."
  }
  assert {
    # email_verified follows email from Descope's email_verified claim, so a sign-in cannot leave the native user's
    # e-mail unverified (which would break password reset).
    condition     = !contains(keys(aws_cognito_identity_provider.this.attribute_mapping), "email") || lookup(aws_cognito_identity_provider.this.attribute_mapping, "email_verified", "") == "email_verified"
    error_message = "email_verified must be mapped from email_verified whenever email is mapped."
  }
  assert {
    # What the native account owns (documented in README.md): profile attributes are never written by default.
    condition = length(setintersection(
      toset(keys(aws_cognito_identity_provider.this.attribute_mapping)),
      toset(["name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "picture", "profile", "website", "gender", "birthdate", "zoneinfo", "locale", "address", "phone_number", "phone_number_verified", "updated_at"])
    )) == 0
    error_message = "The default mapping must not write profile attributes the native account owns."
  }
}

run "subject_attribute_receives_sub_unchanged" {
  command = apply

  variables {
    subject_attribute = "custom:idp_sub"
  }

  assert {
    condition     = aws_cognito_identity_provider.this.attribute_mapping["custom:idp_sub"] == "sub"
    error_message = "The subject attribute is mapped from sub."
  }
  assert {
    condition     = length(aws_cognito_identity_provider.this.attribute_mapping) == 4 && aws_cognito_identity_provider.this.attribute_mapping["email_verified"] == "email_verified"
    error_message = "Adding the subject attribute leaves the rest of the mapping as it was."
  }
}

run "opting_into_name_is_possible_when_spelled_out" {
  command = apply

  variables {
    attribute_mapping = {
      email          = "email"
      email_verified = "email_verified"
      username       = "sub"
      name           = "name"
    }
    provider_name    = "DescopeStaging"
    issuer_url       = "https://auth.example.com/P2AbCdEfGhIjKlMnOpQrStUvWxYz" # custom CNAME
    authorize_scopes = ["openid", "email"]
  }

  assert {
    condition     = aws_cognito_identity_provider.this.attribute_mapping["name"] == "name" && aws_cognito_identity_provider.this.provider_details["authorize_scopes"] == "openid email"
    error_message = "An explicit mapping and scope list are applied as given."
  }
  assert {
    condition     = aws_cognito_identity_provider.this.provider_details["oidc_issuer"] == "https://auth.example.com/P2AbCdEfGhIjKlMnOpQrStUvWxYz"
    error_message = "A custom domain issuer is accepted."
  }
}

# ---- validations -------------------------------------------------------------------------------------------------
# Several bad inputs per run keep the suite fast; expect_failures fails the run unless each listed variable fails.

run "rejects_a_plain_http_issuer_and_a_mapping_that_drops_email_verified" {
  command = plan
  variables {
    issuer_url                = "http://api.descope.com/P2AbCdEfGhIjKlMnOpQrStUvWxYz"
    provider_name             = "Descope_Prod" # '_' would break the trigger's userName split
    user_pool_id              = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123"
    attributes_request_method = "PUT"
    attribute_mapping = {
      email    = "email" # without email_verified: a sign-in could unverify the native user's e-mail
      username = "sub"
    }
  }
  expect_failures = [var.issuer_url, var.provider_name, var.user_pool_id, var.attributes_request_method, var.attribute_mapping]
}

run "rejects_an_issuer_with_a_query_and_email_verified_from_another_claim" {
  command = plan
  variables {
    issuer_url       = "https://api.descope.com/P2AbCdEfGhIjKlMnOpQrStUvWxYz?tenant=x"
    provider_name    = "Cognito"
    client_secret    = "   "
    authorize_scopes = ["openid", "profile"] # no email: the trigger could not match accounts
    attribute_mapping = {
      email          = "email"
      email_verified = "verified_email" # not a claim Descope sends: may be missing
    }
  }
  expect_failures = [var.issuer_url, var.provider_name, var.client_secret, var.authorize_scopes, var.attribute_mapping]
}

run "rejects_a_mapping_without_email_and_a_standard_subject_attribute" {
  command = plan
  variables {
    attribute_mapping = {
      username = "sub"
    }
    subject_attribute = "name" # a standard attribute would be overwritten with the subject at every sign-in
  }
  expect_failures = [var.attribute_mapping, var.subject_attribute]
}

run "rejects_a_username_from_another_claim" {
  command = plan
  variables {
    attribute_mapping = {
      email          = "email"
      email_verified = "email_verified"
      username       = "email"
    }
  }
  expect_failures = [var.attribute_mapping]
}

run "rejects_a_subject_attribute_mapped_from_another_claim" {
  command = plan
  variables {
    subject_attribute = "custom:idp_sub"
    attribute_mapping = {
      email            = "email"
      email_verified   = "email_verified"
      "custom:idp_sub" = "nickname"
    }
  }
  expect_failures = [aws_cognito_identity_provider.this]
}

# The trigger's own records (docs/trust-model.md#the-records-in-the-pool) are written by IAM-authorised calls only; each mapping below is otherwise
# valid, so the failure is that rule's.
run "rejects_a_claim_mapped_onto_merge_unlinked" {
  command = plan
  variables {
    attribute_mapping = {
      email                   = "email"
      email_verified          = "email_verified"
      username                = "sub"
      "custom:merge_unlinked" = "descope:custom_claims"
    }
  }
  expect_failures = [var.attribute_mapping]
}

run "rejects_a_claim_mapped_onto_merge_created_in_any_case" {
  command = plan
  variables {
    attribute_mapping = {
      email                  = "email"
      email_verified         = "email_verified"
      "Custom:Merge_Created" = "sub"
    }
  }
  expect_failures = [var.attribute_mapping]
}

run "rejects_merge_created_as_the_subject_attribute" {
  command = plan
  variables {
    subject_attribute = "custom:merge_created"
  }
  expect_failures = [var.subject_attribute]
}

run "a_mapping_beside_the_merge_attributes_is_accepted" {
  command = plan
  variables {
    subject_attribute = "custom:idp_sub"
    attribute_mapping = {
      email                 = "email"
      email_verified        = "email_verified"
      "custom:merge_tenant" = "tenant"
    }
  }
  assert {
    condition     = aws_cognito_identity_provider.this.attribute_mapping["custom:merge_tenant"] == "tenant" && aws_cognito_identity_provider.this.attribute_mapping["custom:idp_sub"] == "sub"
    error_message = "Only the two attribute names are refused, not everything that starts with custom:merge_."
  }
}
