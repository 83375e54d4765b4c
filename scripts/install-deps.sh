#!/usr/bin/env bash
# Installs what the test suite needs besides the .NET SDK: Debian's redis-server and redis-cli (the
# real Redis, and Redis Cluster, the store and end-to-end tests start themselves). Safe to run again: it installs only what is missing.
set -euo pipefail

# redis-cli (Debian's redis-tools, a dependency of redis-server) builds the test Redis Cluster.
if { command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; } &&
   { command -v redis-cli >/dev/null 2>&1 || [ -x /usr/bin/redis-cli ]; }; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "Installing redis-server from Debian packages..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
# The package may start a system Redis on 6379; the tests never use it (they start their own).
redis-server --version
