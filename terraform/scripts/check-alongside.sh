#!/usr/bin/env bash
# Runs terraform/scripts/check.sh alongside the Java tests of `./mvnw verify`, and reports it at the end.
#
#   check-alongside.sh start <dir>   runs check.sh, output to <dir>/terraform-checks.log, exit code to
#                                    <dir>/terraform-checks.rc (Maven starts this asynchronously before the unit tests)
#   check-alongside.sh await <dir>   waits for that exit code (at most 30 minutes), prints the log, exits with it
#
# Why: the Terraform checks (about 3 minutes: `terraform test` and the moto cycles) use plan/apply processes and
# moto, while the Java tests mostly wait on loopback HTTP in one JVM; on CI's 2 cores they run side by side, the
# checks at the lowest CPU priority so that the tests' timing is not theirs to spoil. A failure still fails the
# build, at `verify`. When Maven stops early it destroys the starter, and the TERM is passed on, so check.sh stops
# moto and removes its temporary copy.
set -euo pipefail

mode="${1:?usage: check-alongside.sh start|await <dir>}"
dir="${2:?usage: check-alongside.sh start|await <dir>}"
log="${dir}/terraform-checks.log"
rc_file="${dir}/terraform-checks.rc"
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

case "${mode}" in
  start)
    mkdir -p "${dir}"
    rm -f "${rc_file}" "${log}"
    # At the lowest CPU priority: the Java tests keep their core, and the checks use what the tests leave idle.
    nice -n 19 bash "${script_dir}/check.sh" >"${log}" 2>&1 &
    child=$!
    trap 'kill -TERM "${child}" 2>/dev/null || true; wait "${child}" 2>/dev/null || true; exit 143' TERM INT
    rc=0
    wait "${child}" || rc=$?
    echo "${rc}" >"${rc_file}.tmp" && mv "${rc_file}.tmp" "${rc_file}"
    ;;
  await)
    waited=0
    while [ ! -f "${rc_file}" ]; do
      if [ "${waited}" -ge 1800 ]; then
        echo "error: the Terraform checks did not finish within 30 minutes (no ${rc_file}); see ${log}" >&2
        exit 1
      fi
      if [ "${waited}" -eq 0 ]; then echo "waiting for the Terraform checks started before the unit tests ..."; fi
      sleep 2
      waited=$((waited + 2))
    done
    cat "${log}"
    rc="$(cat "${rc_file}")"
    if [ "${rc}" != "0" ]; then
      echo "error: terraform/scripts/check.sh failed (exit ${rc}); its output is above and in ${log}" >&2
    fi
    exit "${rc}"
    ;;
  *)
    echo "usage: check-alongside.sh start|await <dir>" >&2
    exit 2
    ;;
esac
