#!/usr/bin/env bash
# The anchor for the 1M-entry CRL row (issue #3 item 9): `openssl ca -gencrl`
# over an index of N revoked certificates, with a P-256 CA, timed.
# Usage: bench/gencrl_anchor.sh [N]   (default 1000000). Prints seconds.
set -euo pipefail
n=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj /CN=anchor-ca \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
# index.txt: status, expiry, revocation date[,reason], serial, file, subject.
awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++)
  printf "R\t301231000000Z\t261127000000Z,keyCompromise\t4%015X\tunknown\t/CN=c%d\n", i, i }' \
  >"$work/index.txt"
echo 1000 >"$work/crlnumber"
cat >"$work/ca.cnf" <<CNF
[ca]
default_ca = anchor
[anchor]
database = $work/index.txt
crlnumber = $work/crlnumber
certificate = $work/ca.pem
private_key = $work/ca.key
default_md = sha256
default_crl_days = 1
CNF
start=$(date +%s.%N)
openssl ca -gencrl -config "$work/ca.cnf" -out "$work/crl.pem" 2>/dev/null
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }'
