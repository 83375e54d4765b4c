#!/usr/bin/env bash
# Installs what the test suite needs besides the .NET SDK, from Debian packages: redis-server and
# redis-cli (the real Redis, and Redis Cluster, the store and end-to-end tests start themselves),
# chromium with chromium-driver (the wallboard test drives a real headless browser through Selenium),
# and for the benchmark scripts python3 (reads ghz's JSON), time and bc (CPU of each process).
# Safe to run again: it installs only what is missing.
set -euo pipefail

missing=()
# redis-cli (Debian's redis-tools, a dependency of redis-server) builds the test Redis Cluster.
{ command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; } || missing+=(redis-server)
{ command -v redis-cli >/dev/null 2>&1 || [ -x /usr/bin/redis-cli ]; } || missing+=(redis-tools)
# WallboardTests expects /usr/bin/chromium and /usr/bin/chromedriver.
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[ -x /usr/bin/time ] || missing+=(time)
command -v bc >/dev/null 2>&1 || missing+=(bc)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "Installing ${missing[*]} from Debian packages..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The package may start a system Redis on 6379; the tests never use it (they start their own).
redis-server --version
chromium --version 2>/dev/null || true
