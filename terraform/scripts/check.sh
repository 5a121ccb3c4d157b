#!/usr/bin/env bash
# Terraform checks of cognito-oidc-merge: fmt, validate, README tables, `terraform test` (mocked provider) and an
# apply -> plan -> destroy cycle of both examples against a moto server on loopback.
#
#   bash terraform/scripts/check.sh        (from the repository root; ./mvnw verify and CI call it like this)
#
# Missing terraform or moto prints one "skipped: ..." line and exits 0, except with CI=true, where it fails.
# Everything runs on a temporary copy of terraform/, so no .terraform, lock or state file lands in the tree.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TF_SRC="$(cd "${SCRIPT_DIR}/.." && pwd)"
START_SECONDS=${SECONDS}

ci() { [ "${CI:-}" = "true" ]; }

if ! command -v terraform >/dev/null 2>&1; then
  if ci; then
    echo "error: terraform not found on PATH; CI=true requires the terraform checks" >&2
    exit 1
  fi
  echo "skipped: terraform checks (terraform not found)"
  exit 0
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tf-check.XXXXXX")"
MOTO_PID=""
CYCLES_PID=""
CYCLES_PID2=""
cleanup() {
  local pid
  for pid in "${CYCLES_PID}" "${CYCLES_PID2}" "${MOTO_PID}"; do
    if [ -n "${pid}" ]; then
      kill "${pid}" 2>/dev/null || true
      wait "${pid}" 2>/dev/null || true
    fi
  done
  rm -rf "${WORK}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
unset TF_WORKSPACE TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_init TF_CLI_ARGS_plan TF_CLI_ARGS_apply TF_CLI_ARGS_test

# ---- provider installation --------------------------------------------------------------------------------------
# A local filesystem mirror (a folder holding registry.terraform.io/hashicorp/aws/<version>/<os_arch>/) when one
# exists, the public registry otherwise. TF_PROVIDER_MIRROR names the mirror (the parent of registry.terraform.io).
platform="$(terraform version -json 2>/dev/null | sed -n 's/.*"platform": *"\([^"]*\)".*/\1/p')"
platform="${platform:-linux_amd64}"
mirror=""
candidates=()
if [ -n "${TF_PROVIDER_MIRROR:-}" ]; then candidates+=("${TF_PROVIDER_MIRROR%/}/registry.terraform.io"); fi
while IFS= read -r dir; do candidates+=("${dir}"); done < <(
  timeout 20 find / -maxdepth 4 -type d -name registry.terraform.io -not -path '/proc/*' -not -path "${WORK}/*" 2>/dev/null || true
)
for dir in "${candidates[@]+"${candidates[@]}"}"; do
  if compgen -G "${dir}/hashicorp/aws/*/${platform}" >/dev/null; then
    mirror="$(dirname "${dir}")"
    break
  fi
done
if [ -n "${mirror}" ]; then
  cat >"${WORK}/terraform.rc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "${mirror}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
EOF
  provider_source="filesystem mirror ${mirror}"
  export TF_CLI_CONFIG_FILE="${WORK}/terraform.rc"
else
  # The caller's own CLI configuration (registry credentials, network mirrors) stays in force; the provider is
  # downloaded once for all directories.
  if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "${TF_CLI_CONFIG_FILE}" ]; then unset TF_CLI_CONFIG_FILE; fi
  mkdir -p "${WORK}/plugin-cache"
  export TF_PLUGIN_CACHE_DIR="${WORK}/plugin-cache"
  provider_source="registry.terraform.io"
fi

# ---- working copies ---------------------------------------------------------------------------------------------
# No local state, plugins, lock files or terraform.tfvars (which `terraform test` would read) are copied.
copy_tree() {
  mkdir -p "$1"
  tar -C "${TF_SRC}" --exclude=.terraform --exclude='*.tfstate' --exclude='*.tfstate.*' --exclude=.terraform.lock.hcl \
    --exclude=terraform.tfvars --exclude='*.auto.tfvars' --exclude='*.tfplan' -cf - . | tar -C "$1" -xf -
}
# Placeholder package: a zip with a `bootstrap` file is all the Lambda API, moto and `terraform test` (which hashes
# it at plan time) need, with the function-package.json the Maven build writes beside a real one (the merge-trigger
# module refuses a package whose runtime or architecture does not fit the function). Made here rather than
# committed, so the repository holds no build output.
#   placeholder_zip PATH [PACKAGING ARCHITECTURE]   (default: native arm64)
placeholder_zip() {
  mkdir -p "$(dirname "$1")"
  python3 - "$1" "${2:-native}" "${3:-arm64}" <<'EOF'
import json, os, sys, zipfile
path, packaging, architecture = sys.argv[1:4]
with zipfile.ZipFile(path, "w") as z:
    info = zipfile.ZipInfo("bootstrap", date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = 0o755 << 16
    z.writestr(info, "#!/bin/sh\necho placeholder\n")
with open(os.path.join(os.path.dirname(path), "function-package.json"), "w") as manifest:
    json.dump({"packaging": packaging, "architecture": architecture, "zip": os.path.basename(path)}, manifest)
EOF
}
TREE="${WORK}/tree"
copy_tree "${TREE}"
placeholder_zip "${TREE}/tests/fixtures/function.zip"
placeholder_zip "${TREE}/tests/fixtures/x86_64/function.zip" native x86_64
placeholder_zip "${TREE}/tests/fixtures/jvm/function.zip" jvm any

RESULTS="${WORK}/results"
TEST_RUNS="${WORK}/test-runs"
mkdir -p "${WORK}/logs"
: >"${RESULTS}"
: >"${TEST_RUNS}"

# step NAME COMMAND...: runs COMMAND with its output in a log; prints ok/FAIL (and the log's tail); never aborts.
step() {
  local name="$1" started=${SECONDS} log
  shift
  log="${WORK}/logs/$(echo "${name}" | tr -c 'A-Za-z0-9_.-' '_').log"
  if "$@" >"${log}" 2>&1; then
    echo "PASS ${name}" >>"${RESULTS}"
    printf '  ok    %-70s %3ss\n' "${name}" "$((SECONDS - started))"
    return 0
  fi
  echo "FAIL ${name}" >>"${RESULTS}"
  printf '  FAIL  %-70s %3ss\n' "${name}" "$((SECONDS - started))"
  tail -n 40 "${log}" | sed 's/^/        | /'
  return 1
}

echo "terraform checks ($(terraform version | head -n 1), provider from ${provider_source})"

# ---- fmt and README tables --------------------------------------------------------------------------------------
step "terraform fmt -check -recursive" terraform fmt -check -recursive -diff "${TREE}" || true

if command -v python3 >/dev/null 2>&1; then
  step "README Inputs/Outputs tables match variables.tf/outputs.tf" python3 "${TREE}/scripts/docs.py" --check || true
elif ci; then
  echo "FAIL docs (python3 not found)" >>"${RESULTS}"
  echo "  FAIL  README table check: python3 not found; CI=true requires it"
else
  echo "skipped: README table check (python3 not found)"
fi

# ---- apply cycles against moto (started now, in the background: they mostly wait on the provider's pollers) -----
moto_available() { command -v python3 >/dev/null 2>&1 && python3 -c 'import moto, boto3' >/dev/null 2>&1; }

# Bound on every terraform command against moto, so a hung emulator cannot hang CI.
TF_STEP_TIMEOUT=240

# Plans with -detailed-exitcode: 0 = no changes (wanted), 2 = changes, 1 = error.
expect_no_changes() {
  local rc=0
  "$@" -detailed-exitcode || rc=$?
  if [ "${rc}" -ne 0 ]; then
    echo "expected an empty plan (exit 0), got exit ${rc}"
    return 1
  fi
}

# What Cognito does after reading <issuer>/.well-known/openid-configuration (moto stores only what it is given),
# then a plan that must be empty: the per-key ignore_changes in modules/oidc-provider at work.
discovery_then_plan() {
  local pool_id="$1"
  shift
  "${CLEAN_ENV[@]}" python3 "${READBACK}" simulate-discovery "${pool_id}" Descope
  expect_no_changes "$@"
}

# expect_plan_error MESSAGE COMMAND...: the command must fail, with MESSAGE in its output.
expect_plan_error() {
  local message="$1" rc=0 out
  shift
  out="$("$@" 2>&1)" || rc=$?
  echo "${out}"
  [ "${rc}" -ne 0 ] && grep -q "${message}" <<<"$(tr -s ' \n' ' ' <<<"${out}")"
}

# expect_plan_warning MESSAGE COMMAND...: a plan that succeeds (exit 0 or 2 with -detailed-exitcode) and prints MESSAGE, a
# check block's warning.
expect_plan_warning() {
  local message="$1" rc=0 out
  shift
  out="$("$@" -detailed-exitcode 2>&1)" || rc=$?
  echo "${out}"
  { [ "${rc}" -eq 0 ] || [ "${rc}" -eq 2 ]; } && grep -q "${message}" <<<"$(tr -s ' \n' ' ' <<<"${out}")"
}

# plan_then_check READBACK_COMMAND TF... -- PLAN_ARGS...: a saved plan, its JSON (terraform show -json) checked by readback.py.
plan_then_check() {
  local check="$1" plan_file="${WORK}/check.tfplan"
  local -a tf=()
  shift
  while [ "$1" != "--" ]; do
    tf+=("$1")
    shift
  done
  shift
  "${tf[@]}" plan -no-color -out="${plan_file}" "$@" || return 1
  "${tf[@]}" show -json "${plan_file}" >"${plan_file}.json" || return 1
  "${CLEAN_ENV[@]}" python3 "${READBACK}" "${check}" "${plan_file}.json"
}

# The owner's one-time add-custom-attributes call on the existing pool, then a plan that is empty and does not warn.
add_merge_attributes_then_plan() {
  local pool_id="$1" rc=0 out
  shift
  "${CLEAN_ENV[@]}" python3 "${READBACK}" existing-add-merge-attributes "${pool_id}"
  out="$("$@" -detailed-exitcode 2>&1)" || rc=$?
  echo "${out}"
  [ "${rc}" -eq 0 ] && ! grep -q "custom:merge_" <<<"${out}"
}

# terraform state rm of the pool (it stays in AWS as it is), then destroy of everything else.
forget_pool_then_destroy() {
  local -a tf=()
  while [ "$1" != "--" ]; do
    tf+=("$1")
    shift
  done
  shift
  "${tf[@]}" state rm -no-color aws_cognito_user_pool.existing
  "${tf[@]}" destroy -auto-approve -no-color "$@"
}

cycle_complete() {
  local dir="${WORK}/moto/examples/complete" pool_id
  local -a tf=(timeout "${TF_STEP_TIMEOUT}" "${CLEAN_ENV[@]}" terraform -chdir="${dir}")
  # The example's own tfvars file plus the placeholder package: it applies with no other input.
  local -a vars=(-var-file=terraform.tfvars.example -var "function_zip_path=${ZIP}")
  local -a teardown=(-var attach_trigger=false -var deletion_protection=INACTIVE -var descope_access_key=rotated-placeholder-key)
  step "complete: init (provider -> moto)" "${tf[@]}" init -backend=false -no-color || return 0
  # A native package built for x86_64 on an arm64 function could not start: refused at plan time, with the fix.
  step "complete: plan refuses a native x86_64 package on arm64" \
    expect_plan_error "was built for x86_64" "${tf[@]}" plan -no-color "${vars[@]}" -var "function_zip_path=${ZIP_X86_64}" -var architecture=arm64 || true
  if ! step "complete: apply (native, deletion protection ACTIVE)" "${tf[@]}" apply -auto-approve -no-color "${vars[@]}"; then
    step "complete: destroy after the failed apply" "${tf[@]}" destroy -auto-approve -no-color "${vars[@]}" "${teardown[@]}" || true
    return 0
  fi
  "${tf[@]}" output -json >"${dir}/outputs.json"
  step "complete: read-back of trigger, provider, client, permission, policy" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" complete "${dir}/outputs.json" || true
  step "complete: read-back of alarms and dashboard" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" monitoring "${dir}/outputs.json" || true
  # Real Cognito stores the endpoints it discovers from the issuer in provider_details right at creation; moto does
  # not, so the read-back script stores them. The second plan then sees what it would see on AWS (#4831).
  pool_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["user_pool_id"]["value"])' "${dir}/outputs.json")"
  step "complete: second plan shows no changes (with discovered OIDC endpoints)" \
    discovery_then_plan "${pool_id}" "${tf[@]}" plan -no-color "${vars[@]}" || true
  # Refused on the Lite plan before anything changes (the passkeys themselves: cycle_complete_passkeys).
  step "complete: plan refuses Cognito passkeys on the Lite plan" \
    expect_plan_error "needs the Essentials or Plus feature plan" "${tf[@]}" plan -no-color "${vars[@]}" -var 'cognito_passkeys={enabled=true}' -var feature_plan=LITE || true
  # create-and-link grows the role by DescribeUserPool, AdminCreateUser and AdminSetUserPassword; the teardown apply below (without
  # the variable) takes them away again.
  step "complete: apply with when_no_native_user=create-and-link" \
    "${tf[@]}" apply -auto-approve -no-color "${vars[@]}" -var when_no_native_user=create-and-link || true
  step "complete: read-back: create-and-link environment and policy" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" complete-create-and-link "${dir}/outputs.json" || true
  # Self-service linking (examples/complete/self_service.tf): its own client, function, role, HTTP API and alarms. The
  # teardown apply below (without the variable) removes them again, and the last read-back checks their alarms are gone.
  step "complete: apply with self_service_link_enabled=true" \
    "${tf[@]}" apply -auto-approve -no-color "${vars[@]}" -var self_service_link_enabled=true \
    -var 'self_service_allowed_origins=["https://app.example.com"]' || true
  "${tf[@]}" output -json >"${dir}/outputs.json"
  step "complete: read-back: self-service function, policy, HTTP API, permission, client, alarms" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" complete-self-service "${dir}/outputs.json" || true
  step "complete: second plan with self-service shows no changes" \
    expect_no_changes "${tf[@]}" plan -no-color "${vars[@]}" -var self_service_link_enabled=true \
    -var 'self_service_allowed_origins=["https://app.example.com"]' || true
  # moto does not enforce deletion protection, so the cycle follows the path AWS requires (INACTIVE, then destroy)
  # rather than relying on that gap. The same apply rotates the access key: ignore_changes must not swallow it.
  step "complete: detach trigger, protection INACTIVE, rotated access key" \
    "${tf[@]}" apply -auto-approve -no-color "${vars[@]}" "${teardown[@]}" || true
  step "complete: read-back: detached, function kept, key rotated" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" complete-detached "${dir}/outputs.json" || true
  step "complete: destroy" "${tf[@]}" destroy -auto-approve -no-color "${vars[@]}" "${teardown[@]}" || true
  step "complete: read-back: no alarm or dashboard left" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" monitoring-gone oidc-merge-pre-sign-up || true
  step "complete: read-back: no self-service alarm left" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" monitoring-gone oidc-merge-self-service-link || true
}

# examples/complete with Cognito's passkeys on from the start, in its own copy (own state, own names, no monitoring).
# It runs after cycle_complete in the same background job. A pool created with them, not updated to them: moto's
# UpdateUserPool forgets settings the call leaves out (UsernameAttributes among them), which would make the next plan
# replace the pool, a gap of moto's and not of AWS's. moto keeps the sign-in policy and the client's ALLOW_USER_AUTH but
# forgets the tier, the WebAuthn settings and the managed login version (docs/cognito-facts.md#moto-passkeys), so the plan
# after the apply must show those three and nothing else.
cycle_complete_passkeys() {
  local dir="${WORK}/moto/examples/complete-passkeys"
  local -a tf=(timeout "${TF_STEP_TIMEOUT}" "${CLEAN_ENV[@]}" terraform -chdir="${dir}")
  local -a vars=(-var-file=terraform.tfvars.example -var "function_zip_path=${ZIP}" -var name=oidc-merge-pk -var monitoring_enabled=false)
  local -a teardown=(-var attach_trigger=false -var deletion_protection=INACTIVE)
  cp -R "${WORK}/moto/examples/complete" "${dir}"
  rm -rf "${dir}/.terraform" "${dir}"/terraform.tfstate* "${dir}/outputs.json"
  step "complete (passkeys): init (provider -> moto)" "${tf[@]}" init -backend=false -no-color || return 0
  if ! step "complete (passkeys): apply with cognito_passkeys on" "${tf[@]}" apply -auto-approve -no-color "${vars[@]}" -var 'cognito_passkeys={enabled=true}'; then
    step "complete (passkeys): destroy after the failed apply" "${tf[@]}" destroy -auto-approve -no-color "${vars[@]}" "${teardown[@]}" || true
    return 0
  fi
  "${tf[@]}" output -json >"${dir}/outputs.json"
  step "complete (passkeys): read-back: sign-in policy, ALLOW_USER_AUTH, branding command" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" complete-passkeys "${dir}/outputs.json" || true
  step "complete (passkeys): second plan changes only what moto forgets" \
    plan_then_check passkeys-drift "${tf[@]}" -- "${vars[@]}" -var 'cognito_passkeys={enabled=true}' || true
  step "complete (passkeys): apply with cognito_passkeys off again" "${tf[@]}" apply -auto-approve -no-color "${vars[@]}" || true
  "${tf[@]}" output -json >"${dir}/outputs.json"
  step "complete (passkeys): read-back: the client no longer allows USER_AUTH" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" complete-passkeys-off "${dir}/outputs.json" || true
  step "complete (passkeys): destroy" "${tf[@]}" destroy -auto-approve -no-color "${vars[@]}" "${teardown[@]}" || true
}

create_existing_pool() {
  "${CLEAN_ENV[@]}" python3 "${READBACK}" existing-create >"$1"
  cat "$1"
}

cycle_existing() {
  local dir="${WORK}/moto/examples/existing-pool" pool_id
  local -a tf=(timeout "${TF_STEP_TIMEOUT}" "${CLEAN_ENV[@]}" terraform -chdir="${dir}")
  step "existing-pool: create a pool with boto3 (own trigger, attributes)" create_existing_pool "${dir}/pool_id" || return 0
  pool_id="$(cat "${dir}/pool_id")"
  local -a vars=(-var-file=terraform.tfvars.example -var "function_zip_path=${ZIP}" -var "user_pool_id=${pool_id}"
    -var subject_attribute_name=idp_sub -var function_name=oidc-merge-existing)
  step "existing-pool: init (provider -> moto)" "${tf[@]}" init -backend=false -no-color || return 0
  # Mock providers cannot import, so the example's plan-time guard is checked here: a subject attribute the pool
  # does not have stops the plan (the data source's postcondition) before anything is created.
  step "existing-pool: plan refuses a subject attribute the pool lacks" \
    expect_plan_error "has no attribute custom:descope_sub" "${tf[@]}" plan -no-color "${vars[@]}" -var subject_attribute_name=descope_sub || true
  # The pool already has a Pre sign-up trigger of its own: attaching ours would silently replace it.
  step "existing-pool: plan refuses to replace the pool's own Pre sign-up trigger" \
    expect_plan_error "is already another function" "${tf[@]}" plan -no-color "${vars[@]}" || true
  # The pool has no custom:merge_* attributes yet: every plan warns (check block), and nothing stops.
  step "existing-pool: plan warns that the merge attributes are missing" \
    expect_plan_warning "lacks custom:merge_unlinked or custom:merge_created" "${tf[@]}" plan -no-color "${vars[@]}" -var replace_existing_pre_sign_up_trigger=true || true
  step "existing-pool: import the pool + apply (replacing its trigger deliberately)" \
    "${tf[@]}" apply -auto-approve -no-color "${vars[@]}" -var replace_existing_pre_sign_up_trigger=true || return 0
  step "existing-pool: second plan shows no changes" expect_no_changes "${tf[@]}" plan -no-color "${vars[@]}" || true
  # The owner's add-custom-attributes step (README.md, "The merge attributes"): the warning goes, the plan stays empty.
  step "existing-pool: add the merge attributes (boto3), then the plan no longer warns" \
    add_merge_attributes_then_plan "${pool_id}" "${tf[@]}" plan -no-color "${vars[@]}" || true
  "${tf[@]}" output -json >"${dir}/outputs.json"
  step "existing-pool: read-back: trigger attached, pool's settings kept" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" existing-attached "${pool_id}" "${dir}/outputs.json" || true
  step "existing-pool: read-back of alarms and dashboard" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" monitoring "${dir}/outputs.json" || true
  step "existing-pool: prevent_destroy refuses to destroy the pool" \
    expect_plan_error "Instance cannot be destroyed" "${tf[@]}" plan -destroy -refresh=false -no-color "${vars[@]}" || true
  step "existing-pool: detach trigger" "${tf[@]}" apply -auto-approve -no-color "${vars[@]}" -var attach_trigger=false || true
  step "existing-pool: state rm the pool, destroy the rest" \
    forget_pool_then_destroy "${tf[@]}" -- "${vars[@]}" -var attach_trigger=false || true
  step "existing-pool: read-back: pool and its trigger survive" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" existing-detached "${pool_id}" || true
  step "existing-pool: read-back: no alarm or dashboard left" \
    "${CLEAN_ENV[@]}" python3 "${READBACK}" monitoring-gone oidc-merge-existing || true
}

start_moto() {
  local port waited=0
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  MOTO_ENDPOINT="http://127.0.0.1:${port}"
  python3 -m moto.server -H 127.0.0.1 -p "${port}" >"${WORK}/logs/moto-server.log" 2>&1 &
  MOTO_PID=$!
  until python3 -c "import urllib.request; urllib.request.urlopen('${MOTO_ENDPOINT}/moto-api/', timeout=1)" >/dev/null 2>&1; do
    waited=$((waited + 1))
    if [ "${waited}" -ge 60 ] || ! kill -0 "${MOTO_PID}" 2>/dev/null; then
      tail -n 20 "${WORK}/logs/moto-server.log"
      return 1
    fi
    sleep 0.5
  done
}

moto_phase=skipped
if moto_available; then
  if step "moto server on 127.0.0.1 answers" start_moto; then
    moto_phase=running
    # A copy for the cycles, with the test-only provider override (fake credentials, no STS/IMDS) in each example.
    copy_tree "${WORK}/moto"
    for ex in complete existing-pool; do
      cp "${TREE}/tests/moto/provider_override.tf" "${WORK}/moto/examples/${ex}/provider_override.tf"
      cp "${TREE}/tests/moto/monitoring_override.tf" "${WORK}/moto/examples/${ex}/monitoring_override.tf"
    done
    ZIP="${WORK}/function.zip"
    placeholder_zip "${ZIP}"
    ZIP_X86_64="${WORK}/x86_64/function.zip"
    placeholder_zip "${ZIP_X86_64}" native x86_64
    # The caller's credentials, profiles and instance metadata must not leak into the emulator run; every AWS
    # endpoint is moto (see tests/moto/provider_override.tf for why through the environment).
    CLEAN_ENV=(env -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN
      AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
      AWS_ENDPOINT_URL="${MOTO_ENDPOINT}" AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER="${MOTO_ENDPOINT}"
      AWS_ENDPOINT_URL_IAM="${MOTO_ENDPOINT}" AWS_ENDPOINT_URL_LAMBDA="${MOTO_ENDPOINT}"
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS="${MOTO_ENDPOINT}" AWS_ENDPOINT_URL_STS="${MOTO_ENDPOINT}"
      AWS_ENDPOINT_URL_CLOUDWATCH="${MOTO_ENDPOINT}" AWS_ENDPOINT_URL_APIGATEWAYV2="${MOTO_ENDPOINT}"
      MOTO_ENDPOINT="${MOTO_ENDPOINT}")
    READBACK="${TREE}/tests/moto/readback.py"
    # The two examples use different names, so they run side by side against the same server.
    { cycle_complete; cycle_complete_passkeys; } >"${WORK}/logs/cycle-complete.out" 2>&1 &
    CYCLES_PID=$!
    cycle_existing >"${WORK}/logs/cycle-existing.out" 2>&1 &
    CYCLES_PID2=$!
  fi
elif ci; then
  echo "FAIL moto (not found)" >>"${RESULTS}"
  echo "  FAIL  moto apply cycle: python3 with moto and boto3 not found; CI=true requires it"
else
  echo "skipped: moto apply cycle (moto not found)"
fi

# ---- validate and terraform test ---------------------------------------------------------------------------------
run_tests() {
  local out rc=0
  out="$(terraform -chdir="$1" test -no-color 2>&1)" || rc=$?
  echo "${out}"
  [ "${rc}" -eq 0 ] || return "${rc}"
  sed -n 's/^Success! \([0-9]*\) passed.*/\1/p' <<<"${out}" >>"${TEST_RUNS}"
}

for path in "${TREE}"/modules/* "${TREE}"/examples/*; do
  d="${path#"${TREE}"/}"
  step "init + validate ${d}" bash -c 'terraform -chdir="$1" init -backend=false -no-color && terraform -chdir="$1" validate -no-color' _ "${path}" || continue
  if compgen -G "${path}/tests/*.tftest.hcl" >/dev/null; then
    step "terraform test ${d}" run_tests "${path}" || true
  fi
done

if [ "${moto_phase}" = running ]; then
  wait "${CYCLES_PID}" || true
  wait "${CYCLES_PID2}" || true
  CYCLES_PID=""
  CYCLES_PID2=""
  echo "apply cycles against moto (native variant: moto forgets SnapStart):"
  cat "${WORK}/logs/cycle-complete.out" "${WORK}/logs/cycle-existing.out"
fi

# ---- summary -----------------------------------------------------------------------------------------------------
passed=$(grep -c '^PASS ' "${RESULTS}" || true)
failed=$(grep -c '^FAIL ' "${RESULTS}" || true)
runs=$(awk '{ s += $1 } END { print s + 0 }' "${TEST_RUNS}")
echo "terraform test: ${runs} runs passed"
echo "terraform checks: ${passed} passed, ${failed} failed ($((SECONDS - START_SECONDS))s)"
[ "${failed}" -eq 0 ]
