#!/usr/bin/env bash
# Runs every test suite against the build in $1. Starts a throwaway PostgreSQL
# cluster on loopback for the suites that need one and stops it whatever happens.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# shellcheck source=scripts/pg_cluster.sh
source scripts/pg_cluster.sh
pg_start
trap pg_stop EXIT
export AMS_TEST_PG_URL="$PG_URL"

ctest --test-dir "$build" --output-on-failure -j2
# Time-proofness: the unit suite and the SQLite half of the contract suite again
# three years ahead of the real clock (libfaketime; the programs the tests call
# see the same clock). A test that hands something dated to an outside tool
# must date it from the clock or tell the tool the time, or this fails.
three_years_ahead() {
  env -u AMS_TEST_PG_URL FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f '+3y' "$@"
}
three_years_ahead "$build/tests/ams_unit_tests" --gtest_brief=1
three_years_ahead "$build/tests/ams_contract_tests" --gtest_brief=1 --gtest_filter='-*Postgres*'
# End to end: the real binary over HTTP, on SQLite and on PostgreSQL.
AMS_BIN="$root/$build/ams" /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/e2e
bash scripts/browser-tests.sh "$build"
make --no-print-directory test-asan BUILD="$build"
# The CSR and OCSP request parsers under libFuzzer, bounded (~40 s in all).
make --no-print-directory test-fuzz BUILD="$build"
