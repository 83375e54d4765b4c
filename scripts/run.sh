#!/usr/bin/env bash
# Starts the router with embedded defaults (Garnet for Redis, SQLite for the CRM) on 127.0.0.1:5080.
# Extra arguments go to the server, e.g. scripts/run.sh --Redis:ConnectionString=localhost:6379
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --project src/Routing.Server -c Release -- "$@"
