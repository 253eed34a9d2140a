#!/usr/bin/env bash
# Installs every Debian package AMS needs to build, run and test. The only place
# that knows package names. Idempotent: it asks dpkg first and installs only what
# is missing; uses sudo when not run as root.
#
# The set follows ../shared/DEPENDENCIES.md (proven to build together on Debian 12).
# Departures: none yet.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache
  # HTTP server (RESTinio on standalone asio; asio is not pulled in by restinio)
  librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev
  # SQL: SOCI with both engines; SOCI's headers include Boost
  libsoci-dev libsqlite3-dev libpq-dev sqlite3 libboost-dev
  # crypto, passwords, TOTP
  libssl-dev libsodium-dev liboath-dev openssl
  # SMTP, templates, JSON, logs, CLI, config
  libcurl4-openssl-dev libkainjow-mustache-dev nlohmann-json3-dev libspdlog-dev
  libcli11-dev libtomlplusplus-dev
  # printable request forms as PDF (PoDoFo); pdftotext checks them in the tests
  libpodofo-dev poppler-utils
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # fuzzing (fuzz/, make test-fuzz): libFuzzer is clang's; its runtime and the
  # sanitizer runtimes for clang come in libclang-rt
  clang-14 libclang-rt-14-dev
  # real peers used by the tests: PostgreSQL server, SMTP sink, independent X.509 clients
  # faketime: the unit and contract suites run again three years ahead (no test may depend on the date)
  faketime
  postgresql python3-aiosmtpd python3-cryptography python3-requests python3-pytest gnutls-bin wrk curl
  # browser tests (tests/browser): Debian's chromium, driven by npm playwright-core
  chromium
)
# Node.js for the browser tests: Debian's, unless a node and npm are there already
# (a NodeSource nodejs bundles npm and conflicts with Debian's npm package).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
