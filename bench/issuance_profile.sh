#!/usr/bin/env bash
# Where the CPU of an issuance over HTTP goes: a fresh `ams serve` (SQLite),
# wrk posting CSRs with an API token (bench/wrk/issue.lua), and for each run
# the rate, the process's CPU per issuance (the outbox writing the mails
# included: the run ends when every mail is written) split by thread
# (ams-http workers, ams-commit, ams-outbox, ams-http-io; the threads are
# named), the voluntary context switches per issuance, and wrk's own CPU.
# A tool for comparing changes, not a row of bench/README.md: runs on this
# VM vary by +-15 %, so compare several runs of each side, interleaved.
# Usage:
#   bench/issuance_profile.sh [AMS_BIN]     (default build/ams)
# Environment: PROFILE_RUNS (3), PROFILE_SECONDS per run (5),
# PROFILE_CONNECTIONS (32), PROFILE_CONFIG an ams config file for the server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ams=$(realpath "${1:-$root/build/ams}")
runs=${PROFILE_RUNS:-3}
seconds=${PROFILE_SECONDS:-5}
conns=${PROFILE_CONNECTIONS:-32}
python=/usr/bin/python3

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
export AMS_CA_PASSPHRASE="profile-$RANDOM$RANDOM$RANDOM"
data="$work/data"
"$ams" init --data "$data" >/dev/null
password=$("$ams" demo --data "$data" | awk -F'\t' '$2 == "pemohon@demo.local" {print $3}')
"$ams" serve --data "$data" ${PROFILE_CONFIG:+--config "$PROFILE_CONFIG"} \
  --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 200); do curl -s -m 2 -o /dev/null "$url/healthz" && break; sleep 0.1; done

mkdir -p "$work/csr"
for i in $(seq 100); do
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=profile $i" \
    -keyout /dev/null -out "$work/csr/$i.pem" 2>/dev/null
done
"$python" - "$url" "$password" "$work" <<'EOF'
import json, sys, requests
url, password, work = sys.argv[1:4]
s = requests.Session()
r = s.post(url + "/api/v1/auth/login", json={"email": "pemohon@demo.local", "password": password})
r.raise_for_status()
r = s.post(url + "/api/v1/tokens", json={"name": "profile"},
           headers={"X-CSRF-Token": r.json()["csrf_token"]})
r.raise_for_status()
open(work + "/token", "w").write(r.json()["token"])
with open(work + "/bodies.jsonl", "w") as out:
    for i in range(1, 101):
        out.write(json.dumps({"csr": open(f"{work}/csr/{i}.pem").read()}) + "\n")
EOF
export AMS_BENCH_TOKEN AMS_BENCH_BODIES="$work/bodies.jsonl"
AMS_BENCH_TOKEN=$(cat "$work/token")

# Per thread: name, CPU ticks (utime + stime), voluntary switches.
snapshot() {
  local t
  for t in /proc/"$server"/task/*; do
    printf '%s %s %s %s\n' "$(basename "$t")" "$(cat "$t/comm")" \
      "$(awk '{print $14 + $15}' "$t/stat")" \
      "$(awk '/^voluntary_ctxt_switches/ {print $2}' "$t/status")"
  done | sort
}
mails() { find "$data/outbox" -maxdepth 1 -name '*.eml' | wc -l; }

# A warm-up run, not reported: the HTTP workers take their name (and lower
# priority) with their first request.
wrk -t2 -c"$conns" -d1s -s "$root/bench/wrk/issue.lua" "$url/api/v1/certificates" >/dev/null
sleep 1

hz=$(getconf CLK_TCK)
echo "| run | issuances/s | CPU µs per issuance | ams-http | ams-commit | ams-outbox | ams-http-io | other | switches per issuance | wrk CPU µs per issuance |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for run in $(seq "$runs"); do
  mails_before=$(mails)
  snapshot >"$work/before"
  out=$( { /usr/bin/time -f 'wrk_cpu %U %S' wrk -t2 -c"$conns" -d"${seconds}s" \
             -s "$root/bench/wrk/issue.lua" "$url/api/v1/certificates"; } 2>&1)
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then echo "$out" >&2; exit 1; fi
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  rps=$(awk '/^Requests\/sec/ {printf "%d", $2}' <<<"$out")
  wrk_cpu=$(awk '/^wrk_cpu/ {print $2 + $3}' <<<"$out")
  for _ in $(seq 300); do [ $(( $(mails) - mails_before )) -ge "$n" ] && break; sleep 0.1; done
  snapshot >"$work/after"
  join "$work/before" "$work/after" | awk -v n="$n" -v hz="$hz" -v run="$run" -v rps="$rps" \
    -v wrk="$wrk_cpu" '
    { ticks = $6 - $3; sw += $7 - $4; total += ticks
      kind = ($2 ~ /^ams-(http|commit|outbox|http-io)$/) ? $2 : "other"; by[kind] += ticks }
    END {
      us = 1e6 / hz / n
      printf "| %d | %d | %d | %d | %d | %d | %d | %d | %.1f | %d |\n", run, rps, total * us,
        by["ams-http"] * us, by["ams-commit"] * us, by["ams-outbox"] * us, by["ams-http-io"] * us,
        by["other"] * us, sw / n, wrk * 1e6 / n }'
done
