#!/usr/bin/env bash
# `make run`: the embedded SQLite deployment under $2, demo data on first start.
set -euo pipefail
ams=$1 data=$2 listen=$3
mkdir -p "$data"
# The demo CA key passphrase: generated once, kept in a file readable only by
# its owner, never printed.
if [ ! -f "$data/ca-passphrase" ]; then
  (umask 077 && head -c 32 /dev/urandom | base64 > "$data/ca-passphrase")
fi
export AMS_CA_PASSPHRASE_FILE="$data/ca-passphrase"
if [ ! -f "$data/ams.db" ]; then
  "$ams" init --data "$data"
  "$ams" demo --data "$data" | tee "$data/demo-logins.txt"
else
  echo "Demo logins (from the first start): $data/demo-logins.txt"
  cat "$data/demo-logins.txt"
fi
echo "CA key passphrase file: $data/ca-passphrase"
echo "AMS: http://$listen/"
exec "$ams" serve --data "$data" --listen "$listen"
