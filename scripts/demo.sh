#!/usr/bin/env bash
# The router at work in a minute: starts the server on embedded defaults (Garnet for Redis, SQLite
# for the CRM, nothing to install) on 127.0.0.1:5080, runs the contact-centre simulator against it
# (20 agents, contacts on every channel, customers coming back on other channels; agents answer some
# written contacts and simulated gateways deliver the replies on the channel the router picks), prints
# live progress and a report (replies queued / delivered / failed per channel), then stops the server
# it started. While it runs, the live wallboard is at
# http://127.0.0.1:5082/wallboard (the script prints the address with a development supervisor token). The server runs in development mode
# (generated credentials, loopback only); the simulator reads them from the file the server writes.
# Usage: scripts/demo.sh [extra simulator options, e.g. --rate 20 --count 600]
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=5080
WALLBOARD_PORT=5082
for p in "$PORT" "$WALLBOARD_PORT"; do
  if ss -ltn 2>/dev/null | grep -q ":$p "; then
    echo "Port $p is in use; stop whatever listens there (a router already running?) and try again." >&2
    exit 1
  fi
done

echo "== building (Release)"
dotnet build Routing.sln -c Release -v quiet -nologo | grep -E "error|Warn|Elapsed" || true

DATA=$(mktemp -d /tmp/routing-demo.XXXXXX)
LOG="$DATA/server.log"
echo "== starting the router on 127.0.0.1:$PORT (embedded Garnet + SQLite CRM in $DATA; log: $LOG)"
dotnet src/Routing.Server/bin/Release/net10.0/Routing.Server.dll \
  --contentRoot "$PWD/src/Routing.Server" \
  --Urls "http://127.0.0.1:$PORT" \
  --Redis:Embedded:DataDirectory "$DATA/garnet" \
  --Crm:ConnectionString "Data Source=$DATA/crm.db" \
  --Security:Development:CredentialsFile "$DATA/dev-credentials.json" \
  --Wallboard:Url "http://127.0.0.1:$WALLBOARD_PORT" \
  --Engine:WrapUp 00:00:01 \
  --Logging:LogLevel:Default Warning >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; echo "== router stopped"' EXIT

for _ in $(seq 1 120); do
  if ss -ltn 2>/dev/null | grep -q ":$PORT "; then break; fi
  if ! kill -0 "$SERVER" 2>/dev/null; then echo "The router did not start:" >&2; cat "$LOG" >&2; exit 1; fi
  sleep 0.25
done

# A supervisor token for the wallboard, minted from the development credentials the server wrote.
for _ in $(seq 1 40); do [ -s "$DATA/dev-credentials.json" ] && break; sleep 0.25; done
SUPERVISOR=$(dotnet src/Routing.Server/bin/Release/net10.0/Routing.Server.dll token wallboard --role supervisor \
  --credentials "$DATA/dev-credentials.json" --ttl 02:00:00 2>/dev/null || true)
echo "== live wallboard (open it in a browser while the demo runs):"
echo "   http://127.0.0.1:$WALLBOARD_PORT/wallboard#token=$SUPERVISOR"

echo "== simulating a contact centre for about 40 seconds"
dotnet src/Routing.Simulator/bin/Release/net10.0/Routing.Simulator.dll simulate \
  --target "http://127.0.0.1:$PORT" --credentials "$DATA/dev-credentials.json" --agents 20 --rate 10 --count 400 --duration 40 --drain 20 \
  --handle-ms 1500 --report demo-report "$@"
echo "== the 'replies by channel' line: the agents' answers, each on the channel the router chose, delivered by that channel's gateway"
echo "== open demo-report/report.html for latency over time and its histogram"
