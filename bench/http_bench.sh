#!/usr/bin/env bash
# The CA over HTTP, measured with wrk against a real `ams serve` (issue #3
# item 9), each row beside its anchor from the same run:
#   OCSP, cached answers, POST and GET   vs `openssl ocsp -index ... -port`
#                                           answering the same request
#   CRL download                         (no anchor: served from memory)
#   issuance over the JSON API, durable  vs `openssl ca` issuing the same CSRs,
#                                           and the crypto limit from `openssl speed`
# Prints Markdown rows for bench/README.md. Usage:
#   bench/http_bench.sh [AMS_BIN]            (default build/ams)
# Environment: BENCH_SECONDS per wrk run (10), BENCH_CONNECTIONS (32),
# BENCH_CSRS CSRs in the pool (300), BENCH_DATABASE a PostgreSQL URL of an
# empty database instead of SQLite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ams=$(realpath "${1:-$root/build/ams}")
seconds=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-32}
ncsr=${BENCH_CSRS:-300}
python=/usr/bin/python3  # Debian's, with python3-requests (DEPENDENCIES.md)

work=$(mktemp -d)
pids=()
# openssl ocsp -multi ignores SIGTERM: its workers are killed by parent pid.
stop() {  # pid
  pkill -KILL -P "$1" 2>/dev/null || true
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  for p in "${pids[@]}"; do stop "$p"; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_http() {  # url: up to 20 s for a listener
  for _ in $(seq 200); do curl -s -m 2 -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "http_bench: nothing answers at $1" >&2
  exit 1
}

# One wrk run; sets rps, p50, p99 and fails on any non-2xx answer or socket
# error (a fast error is not a result).
run_wrk() {  # label, wrk arguments...
  local label=$1 out
  shift
  out=$(wrk -t2 -c"$conns" -d"${seconds}s" --latency "$@")
  echo "$out" >"$work/wrk-$label.txt"
  rps=$(awk '/^Requests\/sec/ {printf "%d", $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
    echo "http_bench: $label had errors:" >&2
    echo "$out" >&2
    exit 1
  fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() {  # cells...
  local out="|" cell
  for cell in "$@"; do out+=" $cell |"; done
  echo "$out"
}

echo "http_bench: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(openssl version)" >&2

# --- The crypto limit of issuance: one CSR verification + one signature. ---
speed=$(openssl speed -seconds 3 ecdsap256 2>/dev/null | awk '/nistp256/ && /ecdsa/ {print $(NF-1), $NF}')
read -r sign_s verify_s <<<"$speed"
limit=$(awk -v s="$sign_s" -v v="$verify_s" 'BEGIN { printf "%d", 2 / (1 / s + 1 / v) }')

# --- ams: a fresh data folder, the demo accounts, a server on a free port. ---
export AMS_CA_PASSPHRASE="bench-$RANDOM$RANDOM$RANDOM"
data="$work/data"
db_args=()
if [ -n "${BENCH_DATABASE:-}" ]; then db_args=(--database "$BENCH_DATABASE"); fi
"$ams" init --data "$data" "${db_args[@]}" >/dev/null
password=$("$ams" demo --data "$data" "${db_args[@]}" |
  awk -F'\t' '$2 == "pemohon@demo.local" {print $3}')
port=$(free_port)
url="http://127.0.0.1:$port"
"$ams" serve --data "$data" "${db_args[@]}" --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pids+=($!)
wait_http "$url/healthz"

# CSRs (the pool both issuers use) and the CA chain.
mkdir -p "$work/csr"
for i in $(seq "$ncsr"); do
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=bench $i" \
    -keyout /dev/null -out "$work/csr/$i.pem" 2>/dev/null
done
curl -sf "$url/ca/issuing.crt" | openssl x509 -inform DER -out "$work/issuing.pem"
curl -sf "$url/ca/root.crt" | openssl x509 -inform DER -out "$work/root.pem"

# An API token for the demo applicant, one certificate to ask OCSP about, and
# 1,000 revoked ones so that the CRL is not trivially small.
"$python" - "$url" "$password" "$work" "$ncsr" <<'EOF'
import json, sys, requests
url, password, work, ncsr = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
s = requests.Session()
r = s.post(url + "/api/v1/auth/login", json={"email": "pemohon@demo.local", "password": password})
r.raise_for_status()
r = s.post(url + "/api/v1/tokens", json={"name": "http_bench"},
           headers={"X-CSRF-Token": r.json()["csrf_token"]})
r.raise_for_status()
token = r.json()["token"]
auth = {"Authorization": "Bearer " + token}
with open(work + "/bodies.jsonl", "w") as out:
    for i in range(1, ncsr + 1):
        out.write(json.dumps({"csr": open(f"{work}/csr/{i}.pem").read()}) + "\n")
csr = open(work + "/csr/1.pem").read()
serials = []
for _ in range(1001):
    r = requests.post(url + "/api/v1/certificates", json={"csr": csr}, headers=auth)
    assert r.status_code == 201, r.text
    serials.append(r.json()["serial"])
for serial in serials[1:]:
    r = requests.post(f"{url}/api/v1/certificates/{serial}/revoke", json={"reason": "superseded"},
                      headers=auth)
    assert r.status_code == 200, r.text
open(work + "/token", "w").write(token)
open(work + "/serial", "w").write(serials[0])
EOF
serial=$(cat "$work/serial")
# The setup queued ~2,000 notices (issued, revoked); their mails are written
# by the outbox dispatcher in the background. Measured after it is done, so
# that it does not share the cores with the runs below.
last=-1
for _ in $(seq 240); do
  n=$(find "$data/outbox" -name '*.eml' 2>/dev/null | wc -l)
  [ "$n" = "$last" ] && break
  last=$n
  sleep 1
done
export AMS_BENCH_TOKEN
AMS_BENCH_TOKEN=$(cat "$work/token")
export AMS_BENCH_BODIES="$work/bodies.jsonl"
export AMS_BENCH_OCSP_REQ="$work/ocsp.req"
# RFC 5019's shape (one SHA-1 CertID, no nonce): what relying parties send
# and what a responder may answer from a cache.
openssl ocsp -issuer "$work/issuing.pem" -serial "0x$serial" -no_nonce -reqout "$AMS_BENCH_OCSP_REQ" >/dev/null
get_path="/ocsp/$(base64 -w0 "$AMS_BENCH_OCSP_REQ" | sed 's|+|%2B|g; s|/|%2F|g; s|=|%3D|g')"

# --- The anchor responder: openssl ocsp, one process per core, same CA cert,
# an index with the same serial, its own P-256 responder key. ---
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=anchor-ocsp \
  -keyout "$work/rs.key" -out "$work/rs.pem" 2>/dev/null
printf 'V\t%s\t\t%s\tunknown\t/CN=bench\n' "$(date -u -d '+1 year' +%y%m%d%H%M%SZ)" \
  "$(tr a-f A-F <<<"$serial")" >"$work/index.txt"
# It answers one wrk run and then hangs on the connections wrk leaves behind
# (seen with 3.0.19), so every anchor run gets a fresh responder.
anchor_pid=""
stop_anchor() {
  if [ -n "$anchor_pid" ]; then stop "$anchor_pid"; fi
  anchor_pid=""
}
start_anchor() {
  stop_anchor
  oport=$(free_port)
  openssl ocsp -index "$work/index.txt" -port "$oport" -rsigner "$work/rs.pem" -rkey "$work/rs.key" \
    -CA "$work/issuing.pem" -nmin 60 -multi 2 -ignore_err >>"$work/openssl-ocsp.log" 2>&1 &
  anchor_pid=$!
  pids+=("$anchor_pid")
  ourl="http://127.0.0.1:$oport"
  wait_http "$ourl/"
}
start_anchor

# Both must say "good" to the request before their speed means anything.
for u in "$url/ocsp" "$ourl/"; do
  curl -sf --data-binary @"$AMS_BENCH_OCSP_REQ" -H 'Content-Type: application/ocsp-request' "$u" |
    openssl ocsp -respin /dev/stdin -resp_text -noverify 2>/dev/null | grep -q 'Cert Status: good' ||
    { echo "http_bench: $u does not answer good" >&2; exit 1; }
done

echo "| what | command | responses/s | p50 | p99 | anchor/s | ratio |"
echo "|---|---|---|---|---|---|---|"
wrk_cmd="wrk -t2 -c$conns -d${seconds}s"
start_anchor
run_wrk ocsp-post-anchor -s "$root/bench/wrk/ocsp_post.lua" "$ourl/"
anchor_post=$rps
# Its workers then spin at 60 % of a core each on the connections wrk leaves
# half-closed: stopped before ams is measured.
stop_anchor
run_wrk ocsp-post -s "$root/bench/wrk/ocsp_post.lua" "$url/ocsp"
row "OCSP POST, cached (target ≥ 20,000/s)" "\`$wrk_cmd -s bench/wrk/ocsp_post.lua URL/ocsp\`" \
  "$rps" "$p50" "$p99" "$anchor_post" "$(ratio "$rps" "$anchor_post")"
row "anchor: \`openssl ocsp -index -multi 2\`, same request, POST" "same, against openssl" \
  "$anchor_post" "" "" "" ""
# openssl ocsp serves GET on any path ending in the request.
start_anchor
run_wrk ocsp-get-anchor "$ourl${get_path#/ocsp}"
anchor_get=$rps
stop_anchor
run_wrk ocsp-get "$url$get_path"
row "OCSP GET, cached (target ≥ 20,000/s)" "\`$wrk_cmd URL/ocsp/<base64>\`" \
  "$rps" "$p50" "$p99" "$anchor_get" "$(ratio "$rps" "$anchor_get")"
row "anchor: \`openssl ocsp -index -multi 2\`, same request, GET" "same, against openssl" \
  "$anchor_get" "" "" "" ""
crl_bytes=$(curl -sf "$url/crl/issuing.crl" | wc -c)
run_wrk crl "$url/crl/issuing.crl"
row "CRL download (1,000 entries, $crl_bytes bytes)" "\`$wrk_cmd URL/crl/issuing.crl\`" \
  "$rps" "$p50" "$p99" "" ""

# --- Issuance: ams over HTTP, then openssl ca on the same CSRs. ---
run_wrk issue -s "$root/bench/wrk/issue.lua" "$url/api/v1/certificates"
issue_rps=$rps
issue_p50=$p50
issue_p99=$p99

mkdir -p "$work/ca/certs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj /CN=anchor-ca \
  -keyout "$work/ca/ca.key" -out "$work/ca/ca.pem" 2>/dev/null
: >"$work/ca/index.txt"
echo 01 >"$work/ca/serial"
cat >"$work/ca/ca.cnf" <<EOF
[ca]
default_ca = anchor
[anchor]
dir = $work/ca
database = \$dir/index.txt
new_certs_dir = \$dir/certs
certificate = \$dir/ca.pem
private_key = \$dir/ca.key
serial = \$dir/serial
default_md = sha256
default_days = 730
policy = policy_any
unique_subject = no
copy_extensions = none
x509_extensions = signing
[policy_any]
commonName = supplied
[signing]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, 1.3.6.1.5.5.7.3.36
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:$url/crl/issuing.crl
authorityInfoAccess = OCSP;URI:$url/ocsp, caIssuers;URI:$url/ca/issuing.crt
certificatePolicies = 2.16.360.1.1.1.1
EOF
start=$(date +%s.%N)
for i in $(seq "$ncsr"); do
  openssl ca -batch -notext -config "$work/ca/ca.cnf" -subj "/C=ID/O=Dinas/CN=Bench $i" \
    -in "$work/csr/$i.pem" -out "$work/ca/certs/out-$i.pem" 2>/dev/null
done
ca_rate=$(awk -v n="$ncsr" -v t0="$start" -v t1="$(date +%s.%N)" 'BEGIN { printf "%d", n / (t1 - t0) }')
row "Issuance over HTTP, durable (target ≥ 25 % of the limit = $((limit / 4))/s)" \
  "\`$wrk_cmd -s bench/wrk/issue.lua URL/api/v1/certificates\`" \
  "$issue_rps" "$issue_p50" "$issue_p99" "$ca_rate" "$(ratio "$issue_rps" "$ca_rate")"
row "anchor: \`openssl ca -batch\` issuing the same $ncsr CSRs one by one" "loop in this script" \
  "$ca_rate" "" "" "" ""
row "crypto limit, 2 cores: \`openssl speed -seconds 3 ecdsap256\`" \
  "sign $sign_s/s, verify $verify_s/s → 2 / (1/sign + 1/verify)" "$limit" "" "" "" \
  "HTTP issuance = $(ratio "$issue_rps" "$limit") of it"
echo "http_bench: load average after $(cut -d' ' -f1-3 /proc/loadavg)" >&2
