#!/usr/bin/env bash
# Prints the path of the development credentials file the server wrote (development mode), for the
# other scripts: $ROUTING_CREDENTIALS if set, else the first that exists of
# src/Routing.Server/data/dev-credentials.json (the server started with `dotnet run --project
# src/Routing.Server` or scripts/run.sh, which run in the project's directory) and
# data/dev-credentials.json (the server's dll started from this directory). Exit 1 if none exists.
set -euo pipefail
cd "$(dirname "$0")/.."
for file in "${ROUTING_CREDENTIALS:-}" src/Routing.Server/data/dev-credentials.json data/dev-credentials.json; do
  if [ -n "$file" ] && [ -f "$file" ]; then
    echo "$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"
    exit 0
  fi
done
exit 1
