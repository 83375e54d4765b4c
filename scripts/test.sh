#!/usr/bin/env bash
# Runs the whole test suite: core unit tests, store contract tests (real redis-server and embedded
# Garnet), CRM tests (real SQLite, T-SQL parsed by ScriptDom) and end-to-end tests (real Kestrel).
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Ingest]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Routing.sln -c Release -nologo -clp:ErrorsOnly

log="$(mktemp)"
status=0
dotnet test Routing.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole suite, summed over the test assemblies.
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
