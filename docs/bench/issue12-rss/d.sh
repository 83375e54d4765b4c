#!/usr/bin/env bash
# d.sh LABEL SERVER_BIN_DIR [N] [extra server args...]: row d of bench.sh against one build; prints RSS.
set -euo pipefail
LABEL=$1; BIN=$2; N=${3:-10000}; shift 3 || true
ROOT=/work/wt/rss
SIM=${SIM:-/tmp/rss/sim/Routing.Simulator.dll}
PORT=${PORT:-5187}
WORK=$(mktemp -d /tmp/rss/run.XXXX)
REDIS_PORT=$(for p in $(seq 16600 16700); do ss -ltn | grep -q ":$p " || { echo "$p"; break; }; done)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --loglevel warning >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }; kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; }
trap cleanup EXIT
sleep 1
dotnet "$BIN/Routing.Server.dll" --contentRoot "$ROOT/src/Routing.Server" --Urls "http://127.0.0.1:$PORT" \
  --Redis:ConnectionString "127.0.0.1:$REDIS_PORT" --Crm:ConnectionString "Data Source=$WORK/crm.db" \
  --Security:Development:CredentialsFile "$WORK/cred.json" --Engine:WrapUp 00:00:00 --Logging:LogLevel:Default Warning \
  --Engine:HeartbeatInterval 00:01:00 --Telemetry:Prometheus:Url http://127.0.0.1:0 "$@" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do ss -ltn | grep -q ":$PORT " && break; sleep 0.25; done
sleep 2
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
before=$(rss)
timeout 200 dotnet "$SIM" streams --target "http://127.0.0.1:$PORT" --credentials "$WORK/cred.json" --agents "$N" --hold ${HOLD:-30} >"$WORK/streams.log" 2>&1 &
HOLDPID=$!
for _ in $(seq 1 120); do grep -q "$N of $N" "$WORK/streams.log" && break; sleep 0.5; done
sleep 5
held=$(rss)
if [ -n "${GCDUMP:-}" ]; then /tmp/rss-tools/dotnet-gcdump collect -p "$SERVER_PID" -o "$GCDUMP" >/dev/null 2>&1 || true; after_gc=$(rss); else after_gc=""; fi
wait "$HOLDPID" || true
line=$(grep -E "connected [0-9]+ of" "$WORK/streams.log" | tail -1)
per=$(awk -v a="$before" -v b="$held" -v n="$N" 'BEGIN { printf "%.1f", (b - a) / n }')
echo "$LABEL streams=$N rssBeforeKiB=$before rssHeldKiB=$held kibPerStream=$per ${after_gc:+rssAfterGcdumpKiB=$after_gc} | $line"
