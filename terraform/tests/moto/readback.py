#!/usr/bin/env python3
"""Read-back assertions through the AWS API (boto3) against the moto server used by scripts/check.sh.

Terraform saying "Apply complete" only proves the provider got 2xx answers; these checks read what was created the
way Cognito and Lambda will use it: the pool's PreSignUp trigger, the identity provider, the app client and the
function's resource policy. Test-only: it never runs against real AWS (the endpoint must be loopback).

Usage: readback.py <command> [args...]   (MOTO_ENDPOINT=http://127.0.0.1:<port>)
  complete OUTPUTS_JSON            examples/complete after apply
  simulate-discovery POOL_ID NAME  store the five endpoints Cognito discovers from the issuer (docs/cognito-facts.md#oidc-provider-details-diff)
  complete-passkeys OUTPUTS_JSON   examples/complete after an apply with cognito_passkeys on
  passkeys-drift PLAN_JSON         the plan after it changes only what moto forgets (tier, WebAuthn, managed login)
  complete-passkeys-off OUTPUTS_JSON
                                   after an apply with cognito_passkeys off again
  complete-detached OUTPUTS_JSON   examples/complete after attach_trigger=false, deletion_protection=INACTIVE and a
                                   rotated access key
  existing-create                  create the "existing" pool for examples/existing-pool, print its id
  existing-attached POOL_ID OUTPUTS_JSON
  existing-add-merge-attributes POOL_ID
                                   add custom:merge_unlinked and custom:merge_created the way its README says
  existing-detached POOL_ID        after detaching, `terraform state rm` and destroy: the pool must survive
  monitoring OUTPUTS_JSON          modules/monitoring in an example after apply: alarms and dashboard as CloudWatch has them
  monitoring-gone FUNCTION_NAME    after destroy: no alarm or dashboard of that function is left
  complete-self-service OUTPUTS_JSON  examples/complete with self_service_link_enabled=true
"""

import json
import os
import sys
from urllib.parse import urlparse

import boto3

ENDPOINT = os.environ.get("MOTO_ENDPOINT", "")
if urlparse(ENDPOINT).hostname not in ("127.0.0.1", "localhost"):
    sys.exit(f"refusing to run against {ENDPOINT!r}: MOTO_ENDPOINT must be a loopback moto server")

SESSION = dict(
    endpoint_url=ENDPOINT,
    region_name="us-east-1",
    aws_access_key_id="test",
    aws_secret_access_key="test",
)
cognito = boto3.client("cognito-idp", **SESSION)
lam = boto3.client("lambda", **SESSION)
iam = boto3.client("iam", **SESSION)
logs = boto3.client("logs", **SESSION)
cloudwatch = boto3.client("cloudwatch", **SESSION)
apigw = boto3.client("apigatewayv2", **SESSION)

FAILURES = []
CHECKS = 0


def expect(condition, message):
    global CHECKS
    CHECKS += 1
    if not condition:
        FAILURES.append(message)


def finish(label):
    if FAILURES:
        for f in FAILURES:
            print(f"  read-back FAILED: {f}")
        sys.exit(1)
    print(f"  read-back {label}: {CHECKS} checks passed")


def outputs(path):
    with open(path) as f:
        return {k: v["value"] for k, v in json.load(f).items()}


def pool(pool_id):
    return cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]


def invoke_statements(function_name, qualifier=None):
    kwargs = {"FunctionName": function_name}
    if qualifier:
        kwargs["Qualifier"] = qualifier
    return json.loads(lam.get_policy(**kwargs)["Policy"])["Statement"]


def check_permission(function_name, function_arn, pool_arn):
    statements = invoke_statements(function_name)
    cognito_statements = [s for s in statements if s.get("Principal", {}).get("Service") == "cognito-idp.amazonaws.com"]
    expect(len(cognito_statements) == 1, f"expected one Cognito statement in the function policy, got {statements}")
    for s in cognito_statements:
        expect(s.get("Action") == "lambda:InvokeFunction", f"permission action is {s.get('Action')}")
        expect(s.get("Resource") == function_arn, f"permission resource {s.get('Resource')} != {function_arn}")
        source = s.get("Condition", {}).get("ArnLike", {}).get("AWS:SourceArn")
        expect(source == pool_arn, f"permission SourceArn {source} != pool ARN {pool_arn}")


def check_descope_provider(pool_id, subject_attribute):
    idp = cognito.describe_identity_provider(UserPoolId=pool_id, ProviderName="Descope")["IdentityProvider"]
    details, mapping = idp["ProviderDetails"], idp["AttributeMapping"]
    expect(idp["ProviderType"] == "OIDC", f"provider type {idp['ProviderType']}")
    expect(details.get("attributes_request_method") == "GET", f"attributes_request_method {details.get('attributes_request_method')}")
    expect(details.get("authorize_scopes") == "openid profile email descope:custom_claims", f"authorize_scopes {details.get('authorize_scopes')}")
    expect(details.get("oidc_issuer", "").startswith("https://"), f"issuer {details.get('oidc_issuer')}")
    expect(mapping.get("email") == "email", f"email mapping {mapping}")
    expect(mapping.get("email_verified") == "email_verified", f"email_verified must be mapped from email_verified: {mapping}")
    expect(mapping.get("username") == "sub", f"username mapping {mapping}")
    if subject_attribute:
        expect(mapping.get(subject_attribute) == "sub", f"{subject_attribute} must be mapped from sub: {mapping}")
    native_owned = {"name", "given_name", "family_name", "nickname", "preferred_username", "picture", "phone_number"}
    expect(not native_owned & set(mapping), f"mapping writes native-owned attributes: {sorted(native_owned & set(mapping))}")


MERGE_ATTRIBUTES = ("custom:merge_unlinked", "custom:merge_created")


def check_merge_attributes(schema):
    for name in MERGE_ATTRIBUTES:
        a = schema.get(name, {})
        expect(a.get("AttributeDataType") == "String" and a.get("Mutable") is True, f"{name} is a mutable String: {a}")
        expect(a.get("StringAttributeConstraints", {}).get("MaxLength") == "2048", f"{name} max length: {a}")


def cmd_existing_add_merge_attributes(pool_id):
    # The owner's one-time step of examples/existing-pool/README.md ("The merge attributes"), as boto3 calls.
    cognito.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[
        {"Name": n.split(":")[1], "AttributeDataType": "String", "Mutable": True,
         "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}} for n in MERGE_ATTRIBUTES])
    check_merge_attributes({a["Name"]: a for a in pool(pool_id)["SchemaAttributes"]})
    finish("merge attributes added to the existing pool")


def cmd_complete(outputs_path):
    out = outputs(outputs_path)
    p = pool(out["user_pool_id"])
    expect(p["Arn"] == out["user_pool_arn"], "pool ARN output")
    expect(p.get("LambdaConfig", {}).get("PreSignUp") == out["trigger_arn"], f"PreSignUp {p.get('LambdaConfig')} != trigger_arn {out['trigger_arn']}")
    expect(out["trigger_arn"] == out["function_arn"], "native variant: the trigger is the unqualified function ARN")
    expect(p.get("DeletionProtection") == "ACTIVE", f"deletion protection {p.get('DeletionProtection')}")
    expect(p.get("UsernameAttributes") == ["email"], f"username attributes {p.get('UsernameAttributes')}")
    schema = {a["Name"]: a for a in p["SchemaAttributes"]}
    expect(schema.get("email", {}).get("Required") is True and schema["email"].get("Mutable") is True, "email required and mutable")
    expect(schema.get("custom:idp_sub", {}).get("Mutable") is True, "custom:idp_sub exists and is mutable")

    check_merge_attributes(schema)

    check_descope_provider(out["user_pool_id"], "custom:idp_sub")

    client = cognito.describe_user_pool_client(UserPoolId=out["user_pool_id"], ClientId=out["client_id"])["UserPoolClient"]
    providers = set(client.get("SupportedIdentityProviders", []))
    expect(providers == {"Descope", "COGNITO"}, f"client providers {providers}")
    expect(client.get("AllowedOAuthFlows") == ["code"], f"client flows {client.get('AllowedOAuthFlows')}")
    expect(set(client.get("AllowedOAuthScopes", [])) == {"openid", "email", "profile"}, f"client scopes {client.get('AllowedOAuthScopes')}")
    # No app client may write the trigger's records (docs/trust-model.md#the-records-in-the-pool); the IdP writes custom:idp_sub, so the client must.
    write, read = set(client.get("WriteAttributes", [])), set(client.get("ReadAttributes", []))
    expect(not {a for a in write | read if a.startswith("custom:merge_")}, f"the client can touch custom:merge_*: {sorted(write | read)}")
    expect({"email", "custom:idp_sub"} <= write and write <= read, f"client write {sorted(write)} / read {sorted(read)}")
    expect(f"client_id={out['client_id']}" in out["authorize_url"], "authorize_url names the client")
    domain = cognito.describe_user_pool_domain(Domain=out["hosted_ui_domain"].split(".")[0])["DomainDescription"]
    expect(domain.get("UserPoolId") == out["user_pool_id"], f"hosted UI domain belongs to {domain.get('UserPoolId')}")

    fn = lam.get_function_configuration(FunctionName=out["function_name"])
    expect(fn["Runtime"] == "provided.al2023" and fn["Handler"] == "bootstrap", f"runtime {fn['Runtime']} / {fn['Handler']}")
    expect(fn["Timeout"] == 5, f"timeout {fn['Timeout']}")
    expect(fn.get("Architectures") == ["arm64"], f"architectures {fn.get('Architectures')}")
    env = fn.get("Environment", {}).get("Variables", {})
    expect(env == {"MERGE_PROVIDER_NAMES": "Descope", "MERGE_SUBJECT_ATTRIBUTE": "custom:idp_sub"}, f"environment {env}")
    check_permission(out["function_name"], out["function_arn"], out["user_pool_arn"])

    role_name = fn["Role"].split("/")[-1]
    names = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
    expect(names == ["link-federated-identity"], f"inline policies {names}")
    attached = iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]
    expect(attached == [], f"no managed policies expected, got {attached}")
    doc = iam.get_role_policy(RoleName=role_name, PolicyName="link-federated-identity")["PolicyDocument"]
    doc = json.loads(doc) if isinstance(doc, str) else doc
    actions = {a for s in doc["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    # protected_accounts defaults to mfa, which reads the owner's MFA state (AdminGetUser).
    expect(actions == {"cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser", "cognito-idp:AdminGetUser", "logs:CreateLogStream", "logs:PutLogEvents"}, f"actions {actions}")
    for s in doc["Statement"]:
        resources = [s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"]
        expect("*" not in resources, f"wildcard resource in {s}")

    groups = logs.describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{out['function_name']}")["logGroups"]
    expect(len(groups) == 1 and groups[0].get("retentionInDays") == 30, f"log group {groups}")
    finish("examples/complete")


def cmd_complete_passkeys(outputs_path):
    # examples/complete with cognito_passkeys = { enabled = true }: what moto keeps of it. moto 5.2.1 drops the user pool
    # tier, the WebAuthn configuration (SetUserPoolMfaConfig) and the domain's managed login version
    # (docs/cognito-facts.md#moto-passkeys); terraform test asserts those in the plan instead.
    out = outputs(outputs_path)
    p = pool(out["user_pool_id"])
    factors = p.get("Policies", {}).get("SignInPolicy", {}).get("AllowedFirstAuthFactors", [])
    expect(sorted(factors) == ["PASSWORD", "WEB_AUTHN"], f"first auth factors {factors}")
    client = cognito.describe_user_pool_client(UserPoolId=out["user_pool_id"], ClientId=out["client_id"])["UserPoolClient"]
    flows = set(client.get("ExplicitAuthFlows", []))
    expect(flows == {"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"}, f"client flows {flows}")
    expect(client.get("AllowedOAuthFlows") == ["code"], f"the client stays on the code flow: {client.get('AllowedOAuthFlows')}")
    mfa = cognito.get_user_pool_mfa_config(UserPoolId=out["user_pool_id"])
    expect(mfa.get("MfaConfiguration") == "OPTIONAL", f"MFA {mfa.get('MfaConfiguration')}")
    passkeys = out["cognito_passkeys"]
    expect(passkeys["enabled"] and passkeys["hosted_ui_offers_passkeys"] and passkeys["managed_login_version"] == 2, f"output {passkeys}")
    expect(passkeys["branding_command"] == f"aws cognito-idp create-managed-login-branding --user-pool-id {out['user_pool_id']} "
           f"--client-id {out['client_id']} --use-cognito-provided-values", f"branding command {passkeys['branding_command']}")
    finish("examples/complete with Cognito passkeys")


def cmd_passkeys_drift(plan_json_path):
    # The second plan after the passkeys apply may change only what moto forgets, nothing else.
    allowed = {
        "module.user_pool.aws_cognito_user_pool.this": {"user_pool_tier", "web_authn_configuration"},
        "module.user_pool.aws_cognito_user_pool_domain.this": {"managed_login_version"},
    }
    with open(plan_json_path) as f:
        plan = json.load(f)
    seen = {}
    for rc in plan["resource_changes"]:
        change = rc["change"]
        if change["actions"] == ["no-op"] or change["actions"] == ["read"]:
            continue
        before, after = change.get("before") or {}, change.get("after") or {}
        keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        keys |= {k for k, v in (change.get("after_unknown") or {}).items() if v is True}
        seen[rc["address"]] = keys
        expect(change["actions"] == ["update"] and keys <= allowed.get(rc["address"], set()),
               f"{rc['address']}: {change['actions']} of {sorted(keys)}")
    expect(set(seen) == set(allowed), f"expected moto's three gaps and nothing else, got {seen}")
    finish("second plan with passkeys: only what moto forgets")


def cmd_complete_passkeys_off(outputs_path):
    out = outputs(outputs_path)
    client = cognito.describe_user_pool_client(UserPoolId=out["user_pool_id"], ClientId=out["client_id"])["UserPoolClient"]
    flows = set(client.get("ExplicitAuthFlows", []))
    expect(flows == {"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}, f"client flows after passkeys off {flows}")
    expect(out["cognito_passkeys"]["enabled"] is False, f"output {out['cognito_passkeys']}")
    finish("examples/complete with Cognito passkeys off again")


def cmd_complete_create_and_link(outputs_path):
    out = outputs(outputs_path)
    fn = lam.get_function_configuration(FunctionName=out["function_name"])
    env = fn.get("Environment", {}).get("Variables", {})
    expect(env.get("MERGE_WHEN_NO_NATIVE_USER") == "create-and-link", f"environment {env}")
    role_name = fn["Role"].split("/")[-1]
    doc = iam.get_role_policy(RoleName=role_name, PolicyName="link-federated-identity")["PolicyDocument"]
    doc = json.loads(doc) if isinstance(doc, str) else doc
    actions = {a for s in doc["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    expect(actions == {"cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser", "cognito-idp:DescribeUserPool",
                       "cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword", "cognito-idp:AdminGetUser",
                       "logs:CreateLogStream", "logs:PutLogEvents"}, f"actions {actions}")
    for s in doc["Statement"]:
        resources = [s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"]
        if any(a.startswith("cognito-idp:") for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])):
            expect(resources == [out["user_pool_arn"]], f"Cognito actions on {resources}")
    finish("examples/complete with when_no_native_user=create-and-link")


def cmd_simulate_discovery(pool_id, name):
    idp = cognito.describe_identity_provider(UserPoolId=pool_id, ProviderName=name)["IdentityProvider"]
    details = dict(idp["ProviderDetails"])
    issuer = details["oidc_issuer"]
    # What real Cognito adds after reading <issuer>/.well-known/openid-configuration; moto stores only what it is given.
    details.update(
        authorize_url=f"{issuer}/oauth2/v1/authorize",
        token_url=f"{issuer}/oauth2/v1/token",
        attributes_url=f"{issuer}/oauth2/v1/userinfo",
        attributes_url_add_attributes="false",
        jwks_uri=f"{issuer}/.well-known/jwks.json",
    )
    cognito.update_identity_provider(UserPoolId=pool_id, ProviderName=name, ProviderDetails=details)
    print("  stored the five discovered endpoints in provider_details")


def cmd_complete_detached(outputs_path):
    out = outputs(outputs_path)
    p = pool(out["user_pool_id"])
    expect("PreSignUp" not in p.get("LambdaConfig", {}), f"trigger still attached: {p.get('LambdaConfig')}")
    expect(p.get("DeletionProtection") == "INACTIVE", f"deletion protection {p.get('DeletionProtection')}")
    expect(lam.get_function_configuration(FunctionName=out["function_name"])["FunctionName"] == out["function_name"], "function kept")
    details = cognito.describe_identity_provider(UserPoolId=out["user_pool_id"], ProviderName="Descope")["IdentityProvider"]["ProviderDetails"]
    # ignore_changes covers only the five discovered endpoints: a new access key must reach Cognito.
    expect(details.get("client_secret") == "rotated-placeholder-key", "the rotated access key was not applied")
    finish("examples/complete detached")


EXISTING_TRIGGER = "arn:aws:lambda:us-east-1:123456789012:function:existing-post-confirmation"
# The pool's own Pre sign-up trigger: the example must refuse to replace it unless told to.
EXISTING_PRE_SIGN_UP = "arn:aws:lambda:us-east-1:123456789012:function:existing-pre-sign-up"


def cmd_existing_create():
    created = cognito.create_user_pool(
        PoolName="existing-customers",
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        Policies={"PasswordPolicy": {"MinimumLength": 10, "RequireLowercase": True, "RequireNumbers": True,
                                     "RequireUppercase": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 5}},
        LambdaConfig={"PostConfirmation": EXISTING_TRIGGER, "PreSignUp": EXISTING_PRE_SIGN_UP},
        Schema=[
            {"Name": "idp_sub", "AttributeDataType": "String", "Mutable": True,
             "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "256"}},
            {"Name": "tenant", "AttributeDataType": "String", "Mutable": True},
        ],
        DeletionProtection="ACTIVE",
    )["UserPool"]
    cognito.create_user_pool_domain(Domain="existing-customers-login", UserPoolId=created["Id"])
    print(created["Id"])


def cmd_existing_attached(pool_id, outputs_path):
    out = outputs(outputs_path)
    p = pool(pool_id)
    config = p.get("LambdaConfig", {})
    expect(config.get("PreSignUp") == out["trigger_arn"], f"PreSignUp {config} != {out['trigger_arn']}")
    expect(config.get("PostConfirmation") == EXISTING_TRIGGER, f"the pool's own trigger was lost: {config}")
    # Settings the example must leave alone (it ignores them, and the provider sends them back on UpdateUserPool).
    policy = p["Policies"]["PasswordPolicy"]
    expect(policy.get("MinimumLength") == 10 and policy.get("TemporaryPasswordValidityDays") == 5, f"password policy changed: {policy}")
    expect(p.get("DeletionProtection") == "ACTIVE", f"deletion protection {p.get('DeletionProtection')}")
    expect(p.get("AutoVerifiedAttributes") == ["email"], f"auto-verified {p.get('AutoVerifiedAttributes')}")
    expect({"custom:tenant", "custom:idp_sub"} <= {a["Name"] for a in p["SchemaAttributes"]}, "custom attributes kept")
    expect(p.get("Domain") == "existing-customers-login", f"domain {p.get('Domain')}")
    check_descope_provider(pool_id, "custom:idp_sub")
    fn = lam.get_function_configuration(FunctionName=out["function_name"])
    check_permission(out["function_name"], fn["FunctionArn"], p["Arn"])
    expect(out["idp_response_url"] == "https://existing-customers-login.auth.us-east-1.amazoncognito.com/oauth2/idpresponse", f"idp_response_url {out['idp_response_url']}")
    finish("examples/existing-pool")


def cmd_existing_detached(pool_id):
    p = pool(pool_id)
    config = p.get("LambdaConfig", {})
    expect("PreSignUp" not in config, f"trigger still attached after detach: {config}")
    expect(config.get("PostConfirmation") == EXISTING_TRIGGER, f"the pool's own trigger was lost: {config}")
    names = [f["FunctionName"] for f in lam.list_functions()["Functions"]]
    expect(not any(n.startswith("oidc-merge-existing") for n in names), f"function left behind: {names}")
    finish("examples/existing-pool after destroy (pool kept)")


def cmd_monitoring(outputs_path):
    out = outputs(outputs_path)
    name = out["function_name"]
    alarms = {a["AlarmName"]: a for a in cloudwatch.describe_alarms(AlarmNamePrefix=name)["MetricAlarms"]}
    expect(set(alarms) == set(out["alarm_names"].values()), f"alarms {sorted(alarms)} != {sorted(out['alarm_names'].values())}")
    internal = alarms.get(f"{name}-refused-internal-error", {})
    expect(internal.get("Namespace") == "CognitoOidcMerge" and internal.get("MetricName") == "Events", f"internal-error alarm metric {internal}")
    expect({d["Name"]: d["Value"] for d in internal.get("Dimensions", [])} == {"outcome": "refused", "reason": "internal-error"},
           f"internal-error alarm dimensions {internal.get('Dimensions')}")
    expect(internal.get("TreatMissingData") == "notBreaching", f"internal-error missing data {internal.get('TreatMissingData')}")
    duration = alarms.get(f"{name}-duration-p99", {})
    expect(duration.get("ExtendedStatistic") == "p99" and duration.get("Threshold") == 4000.0, f"duration alarm {duration}")
    errors = alarms.get(f"{name}-unexplained-errors", {})
    expect([m.get("Expression") for m in errors.get("Metrics", []) if m.get("ReturnData")] == ["FILL(errors, 0) - FILL(refusals, 0)"],
           f"errors alarm metrics {errors.get('Metrics')}")
    body = json.loads(cloudwatch.get_dashboard(DashboardName=out["dashboard_name"])["DashboardBody"])
    expect(len(body["widgets"]) == 7, f"dashboard has {len(body['widgets'])} widgets")
    finish(f"monitoring of {name}")


def cmd_monitoring_gone(function_name):
    alarms = [a["AlarmName"] for a in cloudwatch.describe_alarms(AlarmNamePrefix=function_name)["MetricAlarms"]]
    expect(alarms == [], f"alarms left behind: {alarms}")
    dashboards = [d["DashboardName"] for d in cloudwatch.list_dashboards()["DashboardEntries"]]
    expect(function_name not in dashboards, f"dashboard left behind: {dashboards}")
    finish(f"monitoring of {function_name} after destroy")


def cmd_complete_self_service(outputs_path):
    out = outputs(outputs_path)
    name = out["self_service_function_name"]
    expect(name == "oidc-merge-self-service-link", f"self-service function {name}")
    fn = lam.get_function_configuration(FunctionName=name)
    expect(fn["Runtime"] == "provided.al2023" and fn["Handler"] == "bootstrap", f"runtime {fn['Runtime']} / {fn['Handler']}")
    expect(fn["Timeout"] == 10, f"timeout {fn['Timeout']}")
    env = fn.get("Environment", {}).get("Variables", {})
    issuer = env.get("MERGE_PROVIDER__DESCOPE__ISSUER", "")
    expect(env == {
        "QUARKUS_LAMBDA_HANDLER": "self-service-link",
        "MERGE_SELF_SERVICE_USER_POOL_ID": out["user_pool_id"],
        "MERGE_SELF_SERVICE_CLIENT_IDS": out["self_service_client_id"],
        "MERGE_SELF_SERVICE_ALLOWED_ORIGINS": "https://app.example.com",
        "MERGE_PROVIDER_NAMES": "Descope",
        "MERGE_PROVIDER__DESCOPE__ISSUER": issuer,
        "MERGE_PROVIDER__DESCOPE__AUDIENCE": issuer.rsplit("/", 1)[-1],
    } and issuer.startswith("https://api.descope.com/"), f"environment {env}")

    # The role: exactly the two Cognito calls, on the pool; its own log streams.
    role_name = fn["Role"].split("/")[-1]
    names = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
    expect(names == ["self-service-link"], f"inline policies {names}")
    expect(iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"] == [], "no managed policies")
    doc = iam.get_role_policy(RoleName=role_name, PolicyName="self-service-link")["PolicyDocument"]
    doc = json.loads(doc) if isinstance(doc, str) else doc
    actions = {a for s in doc["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    expect(actions == {"cognito-idp:AdminGetUser", "cognito-idp:AdminLinkProviderForUser", "logs:CreateLogStream", "logs:PutLogEvents"}, f"actions {actions}")
    for s in doc["Statement"]:
        resources = [s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"]
        expect("*" not in resources, f"wildcard resource in {s}")
        if any(a.startswith("cognito-idp:") for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])):
            expect(resources == [out["user_pool_arn"]], f"Cognito actions on {resources}")

    # The HTTP API: one route, payload 2.0 to the function, CORS for the origin, a throttled $default stage.
    apis = [a for a in apigw.get_apis()["Items"] if a["Name"] == name]
    expect(len(apis) == 1, f"HTTP APIs named {name}: {apis}")
    if apis:
        api = apis[0]
        expect(api["ProtocolType"] == "HTTP", f"protocol {api['ProtocolType']}")
        cors = api.get("CorsConfiguration", {})
        expect(cors.get("AllowOrigins") == ["https://app.example.com"], f"CORS origins {cors}")
        expect(sorted(m.upper() for m in cors.get("AllowMethods", [])) == ["OPTIONS", "POST"], f"CORS methods {cors}")
        routes = apigw.get_routes(ApiId=api["ApiId"])["Items"]
        expect([r["RouteKey"] for r in routes] == ["POST /link"], f"routes {[r['RouteKey'] for r in routes]}")
        integrations = apigw.get_integrations(ApiId=api["ApiId"])["Items"]
        expect(len(integrations) == 1, f"integrations {integrations}")
        for i in integrations:
            expect(i["IntegrationType"] == "AWS_PROXY" and i.get("PayloadFormatVersion") == "2.0", f"integration {i}")
            expect(fn["FunctionArn"] in i.get("IntegrationUri", ""), f"integration uri {i.get('IntegrationUri')}")
        stages = apigw.get_stages(ApiId=api["ApiId"])["Items"]
        expect([s["StageName"] for s in stages] == ["$default"], f"stages {stages}")
        for s in stages:
            settings = s.get("DefaultRouteSettings", {})
            expect(settings.get("ThrottlingRateLimit") == 5 and settings.get("ThrottlingBurstLimit") == 10, f"throttling {settings}")
        statements = invoke_statements(name)
        expect(len(statements) == 1, f"function policy {statements}")
        for st in statements:
            expect(st.get("Principal", {}).get("Service") == "apigateway.amazonaws.com", f"principal {st.get('Principal')}")
            source = st.get("Condition", {}).get("ArnLike", {}).get("AWS:SourceArn", "")
            expect(source.endswith(f"{api['ApiId']}/*/POST/link"), f"SourceArn {source}")
    expect(out["self_service_link_url"].endswith("/link"), f"url {out['self_service_link_url']}")

    # The client that proves the native sign-in: Cognito's own sign-in only, no custom:merge_* write.
    client = cognito.describe_user_pool_client(UserPoolId=out["user_pool_id"], ClientId=out["self_service_client_id"])["UserPoolClient"]
    expect(client.get("SupportedIdentityProviders") == ["COGNITO"], f"client providers {client.get('SupportedIdentityProviders')}")
    expect(not [a for a in client.get("WriteAttributes", []) if a.startswith("custom:merge_")], f"write attributes {client.get('WriteAttributes')}")

    groups = logs.describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{name}")["logGroups"]
    expect(len(groups) == 1 and groups[0].get("retentionInDays") == 30, f"log group {groups}")
    alarms = sorted(a["AlarmName"] for a in cloudwatch.describe_alarms(AlarmNamePrefix=name)["MetricAlarms"])
    expect(alarms == sorted([f"{name}-errors", f"{name}-throttles", f"{name}-refused-unavailable", f"{name}-refused-internal-error",
                             f"{name}-refused-invalid-token", f"{name}-refused-identity-has-profile"]), f"alarms {alarms}")
    finish("examples/complete with self_service_link_enabled=true")


COMMANDS = {
    "monitoring": cmd_monitoring,
    "monitoring-gone": cmd_monitoring_gone,
    "complete": cmd_complete,
    "simulate-discovery": cmd_simulate_discovery,
    "complete-detached": cmd_complete_detached,
    "complete-create-and-link": cmd_complete_create_and_link,
    "complete-passkeys": cmd_complete_passkeys,
    "passkeys-drift": cmd_passkeys_drift,
    "complete-passkeys-off": cmd_complete_passkeys_off,
    "existing-create": cmd_existing_create,
    "existing-add-merge-attributes": cmd_existing_add_merge_attributes,
    "existing-attached": cmd_existing_attached,
    "existing-detached": cmd_existing_detached,
    "complete-self-service": cmd_complete_self_service,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](*sys.argv[2:])
