#!/usr/bin/env bash
# Runs each libFuzzer target of fuzz/ for a bounded time (issue #3 item 10),
# starting from a seed corpus of valid inputs that openssl makes here, so the
# fuzzer begins inside the grammar rather than at random bytes.
# Usage: fuzz/run.sh BUILD_FUZZ_DIR [SECONDS_PER_TARGET]   (default 20)
# Exit status non-zero if any target crashes, leaks, hits undefined behaviour
# or times out; the input that did it is kept in BUILD_FUZZ_DIR/artifacts/.
set -euo pipefail
build=$(cd "${1:?usage: fuzz/run.sh BUILD_FUZZ_DIR [SECONDS]}" && pwd)
seconds=${2:-20}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seeds="$work/seeds"
mkdir -p "$seeds/csr" "$seeds/ocsp" "$build/artifacts"

# CSRs for every key type the policy accepts, PEM and DER, and some it refuses
# (RSA-1024, P-224, DSA, an old SHA-1 signature) so the rejection paths are seeded too.
csr() {  # name, then the key options of `openssl req -newkey`
  local name=$1; shift
  openssl req -new -newkey "$@" -nodes -subj "/CN=seed $name/O=AMS" \
    -keyout "$work/$name.key" -out "$seeds/csr/$name.pem" 2>/dev/null
  openssl req -in "$seeds/csr/$name.pem" -outform DER -out "$seeds/csr/$name.der"
}
csr p256 ec -pkeyopt ec_paramgen_curve:P-256
csr p384 ec -pkeyopt ec_paramgen_curve:P-384 -sha384
csr rsa2048 rsa:2048
csr ed25519 ed25519
csr rsa1024 rsa:1024
csr p224 ec -pkeyopt ec_paramgen_curve:P-224
csr p256sha1 ec -pkeyopt ec_paramgen_curve:P-256 -sha1
openssl req -new -key "$work/rsa2048.key" -sigopt rsa_padding_mode:pss -subj /CN=pss \
  -outform DER -out "$seeds/csr/rsapss.der"

# OCSP requests as clients send them: with and without a nonce, SHA-1 and
# SHA-256 CertIDs, several CertIDs in one request.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -subj /CN=seed-ca -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
ocsp() {  # name, then extra `openssl ocsp` options
  local name=$1; shift
  openssl ocsp -issuer "$work/ca.pem" "$@" -reqout "$seeds/ocsp/$name.der" >/dev/null
}
ocsp nonce -serial 0x1234567890abcdef
ocsp no_nonce -serial 0x01 -no_nonce
ocsp sha256 -sha256 -serial 0x7fffffffffffffffffffffffffffffffffffffff
ocsp three -serial 1 -serial 2 -serial 0x00ff

status=0
for target in csr_fuzzer:csr ocsp_request_fuzzer:ocsp; do
  name=${target%%:*}
  corpus="$work/corpus-$name"
  mkdir -p "$corpus"
  echo "fuzz: $name for ${seconds}s ($(ls "$seeds/${target#*:}" | wc -l) seeds)"
  # -timeout: one input taking seconds is a bug (a parser must be linear);
  # -max_len: a little over the parsers' own size limits, so those are exercised.
  if ! "$build/$name" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 \
      -max_len=70000 -print_final_stats=1 -artifact_prefix="$build/artifacts/$name-" \
      "$corpus" "$seeds/${target#*:}" >"$work/$name.log" 2>&1; then
    status=1
    tail -n 60 "$work/$name.log"
    echo "fuzz: $name FAILED; reproducer in $build/artifacts/"
  else
    grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$work/$name.log" |
      tr '\n' ' ' | sed "s/^/fuzz: $name ok: /"
    echo
  fi
done
exit "$status"
