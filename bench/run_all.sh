#!/usr/bin/env bash
# Every row of bench/README.md in one run, anchors included, with the load
# average before each part (other builds share the 2 cores). Usage:
#   bench/run_all.sh [BUILD] [OUT]   (default build, /tmp/ams-bench-<time>)
# Writes OUT/*.txt (one file per part) and prints where.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${1:-$root/build}")
out=${2:-/tmp/ams-bench-$(date -u +%H%M)}
mkdir -p "$out"
load() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg): $1" | tee -a "$out/load.txt"; }

load "openssl speed (anchor)"
openssl speed -seconds 3 ecdsap256 2>/dev/null | tail -3 >"$out/openssl_speed.txt"
load "ams_bench Ca (in process: issuance, CRL build, OCSP signing)"
"$build/bench/ams_bench" --benchmark_filter='^BM_Ca' >"$out/ca.txt" 2>&1
load "openssl ca -gencrl, 1,000,000 entries (anchor)"
"$root/bench/gencrl_anchor.sh" 1000000 >"$out/gencrl_anchor.txt"
load "ams_bench Revocation (1M revoked, SQLite)"
"$build/bench/ams_bench" --benchmark_filter=Revocation >"$out/revocation.txt" 2>&1
load "http_bench.sh (wrk; openssl ocsp and openssl ca anchors)"
BENCH_SECONDS=${BENCH_SECONDS:-5} BENCH_CSRS=${BENCH_CSRS:-100} \
  "$root/bench/http_bench.sh" "$build/ams" >"$out/http.txt" 2>"$out/http.err"
load "done"
echo "bench results in $out"
