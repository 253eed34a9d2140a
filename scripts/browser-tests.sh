#!/usr/bin/env bash
# The browser suite (tests/browser): Playwright (npm playwright-core) drives
# Debian's chromium, headless, against the real `ams` on a free loopback port
# with a fresh SQLite data folder and the demo accounts. Screenshots of the
# main pages go to <build>/screenshots. Stops the server whatever happens.
#   scripts/browser-tests.sh [build-dir]
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=$(cd "$build" && pwd)
ams="$build/ams"
[ -x "$ams" ] || { echo "browser-tests: $ams not built" >&2; exit 1; }
command -v node >/dev/null || { echo "browser-tests: node missing (scripts/install-deps.sh)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "browser-tests: /usr/bin/chromium missing (scripts/install-deps.sh)" >&2; exit 1; }

# npm packages: install only when node_modules is missing or older than the lock.
(
  cd tests/browser
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
)

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
data="$work/data"
export AMS_CA_PASSPHRASE="browser-$RANDOM$RANDOM$RANDOM"
export AMS_PUBLIC_URL="$url"
"$ams" init --data "$data" >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; exit 1; }
"$ams" demo --data "$data" >"$work/demo.out" 2>"$work/demo.err" || { cat "$work/demo.err" >&2; exit 1; }
logins=$(grep -P '^\s+\w+\t\S+@\S+\t\S+$' "$work/demo.out" || true)
[ -n "$logins" ] || { echo "browser-tests: no demo logins in 'ams demo' output" >&2; exit 1; }
# The data change suite (ops.test.mjs) gets accounts of its own, so that it
# runs beside the other files without sharing the demo applicant's identity or
# the demo operator's first login: an applicant without identity data and an
# operator of one agency.
for who in "ops_applicant pemohon.uji@demo.local applicant Rina_Wulandari" \
           "ops_operator verifikator.uji@demo.local operator Hendra_Gunawan DINKES"; do
  read -r key email role name agency <<<"$who"
  password="uji-$RANDOM-$RANDOM-$RANDOM-kunci"
  AMS_NEW_PASSWORD="$password" "$ams" user add --data "$data" --email "$email" --role "$role" \
    --name "${name//_/ }" ${agency:+--agency "$agency"} >>"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; exit 1; }
  logins+=$'\n'"  $key"$'\t'"$email"$'\t'"$password"
done

"$ams" serve --data "$data" --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if curl -fsS "$url/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/serve.log" >&2; exit 1; fi
  sleep 0.1
done

mkdir -p "$build/screenshots"
# Debian 12's node 18 lacks --test-concurrency; its runner runs files in parallel anyway.
flags=(--test)
if node --help | grep -q -- --test-concurrency; then flags+=(--test-concurrency=2); fi
status=0
(
  cd tests/browser
  AMS_URL="$url" AMS_DATA="$data" AMS_BIN="$ams" AMS_DEMO_LOGINS="$logins" AMS_SCREENSHOTS="$build/screenshots" \
    timeout 300 node "${flags[@]}" ./*.test.mjs
) || status=$?
if [ "$status" -ne 0 ]; then
  echo "browser-tests: failed; the server's log:" >&2
  tail -n 50 "$work/serve.log" >&2
fi
exit "$status"
