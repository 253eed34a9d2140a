#!/usr/bin/env bash
# How fast could HTTP issuance be, with less of it? Runs bench/issuance_profile.sh
# against a server built with issuance_ceiling.patch, once per variant, after
# `openssl speed` (the crypto limit of the same minute). The patch adds three
# switches to CertificateService::IssueFromCsr, read from the environment;
# they exist only to take parts away for this measurement, never in a build
# that serves anyone:
#   X_NOHOOK    the commit writes the certificate and its audit record only:
#               no request, steps, notice or mail (the SOP's record)
#   X_NOEARLY   the early eligibility read is replaced by the last answer
#   X_NOCOMMIT  nothing is written: the answer is the signed certificate
# Usage (from the repository root):
#   git apply bench/experiments/issuance_ceiling.patch && cmake --build build --target ams
#   bench/experiments/issuance_ceiling.sh build/ams
#   git apply -R bench/experiments/issuance_ceiling.patch && cmake --build build --target ams
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ams=${1:-$root/build/ams}
date -u
speed=$(openssl speed -seconds 3 ecdsap256 2>/dev/null | awk '/256 bits ecdsa/ {print $(NF-1), $NF}')
read -r sign verify <<<"$speed"
awk -v s="$sign" -v v="$verify" 'BEGIN {
  per_core = 1 / (1 / s + 1 / v)
  printf "openssl speed ecdsap256: sign %.0f/s, verify %.0f/s per core; limit %.0f certs/s for 2 cores, 25%% = %.0f/s\n",
         s, v, 2 * per_core, 0.5 * per_core }'
for variant in "X_NONE=1" "X_NOHOOK=1" "X_NOHOOK=1 X_NOEARLY=1" "X_NOCOMMIT=1" \
               "X_NOCOMMIT=1 X_NOEARLY=1"; do
  echo "== $variant"
  # shellcheck disable=SC2086  # the variant is words on purpose
  env $variant PROFILE_RUNS="${PROFILE_RUNS:-2}" "$root/bench/issuance_profile.sh" "$ams" | tail -n +3
done
date -u
