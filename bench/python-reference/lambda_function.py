"""Reference Python Pre sign-up trigger for the benchmark: the naive algorithm the public samples use.

A federated first sign-in whose provider is configured searches the pool by email (ListUsers) and, when exactly
one user owns it, links the federated identity to that user (AdminLinkProviderForUser). Everything else passes
through. The boto3 client is built at import time, as the samples do (module scope = Lambda init).

It is the yardstick of ./mvnw -Pbench verify, not a function to deploy: it escapes nothing in the filter, checks
neither email_verified nor the user's status, and handles no Cognito error.
"""
import json
import os

import boto3

PROVIDERS = set(os.environ.get("MERGE_PROVIDER_NAMES", "Descope").split(","))

# endpoint_url points the client at the benchmark's Cognito stand-in; unset, it is the real regional endpoint.
cognito = boto3.client("cognito-idp", endpoint_url=os.environ.get("COGNITO_ENDPOINT_URL"))


def handler(event, context):
    calls = 0
    outcome = "not-federated"
    if event.get("triggerSource") == "PreSignUp_ExternalProvider":
        provider, _, subject = event.get("userName", "").partition("_")
        email = event.get("request", {}).get("userAttributes", {}).get("email")
        outcome = "unknown-provider"
        if provider in PROVIDERS and email:
            users = cognito.list_users(UserPoolId=event["userPoolId"], Filter=f'email = "{email}"')["Users"]
            calls += 1
            outcome = "no-candidate" if not users else "ambiguous"
            if len(users) == 1:
                cognito.admin_link_provider_for_user(
                    UserPoolId=event["userPoolId"],
                    DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": users[0]["Username"]},
                    SourceUser={"ProviderName": provider, "ProviderAttributeName": "Cognito_Subject",
                                "ProviderAttributeValue": subject})
                calls += 1
                outcome = "linked"
    # One audit line per event, like the Java function's.
    print(json.dumps({"audit": "pre-sign-up", "outcome": outcome, "CognitoCalls": calls}), flush=True)
    return event
