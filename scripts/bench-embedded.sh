#!/usr/bin/env bash
# Embedded default vs redis-server, one run (issue 12): starts the server with the README's command
# (`dotnet run --project src/Routing.Server -c Release`, in-process Garnet, data in
# src/Routing.Server/data/garnet, emptied first) and ghz's Submit and Echo against it; then the same
# build against a redis-server it starts itself (AOF everysec) on a free loopback port. Rounds
# alternate. Every ghz run is bounded (BENCH_COUNT calls, 64 in flight, killed after 120 s). ghz's
# own CPU (user+sys from /usr/bin/time) and the server's and redis-server's CPU per call are
# recorded next to each figure.
# Each server gets a warm-up of BENCH_WARMUP Submit calls (JIT, caches; not recorded), then two
# recorded Submit runs (the second with the first's contacts still waiting, as in a data directory
# that is kept across runs), then Echo (the yardstick: the same message, no I/O).
# Usage: scripts/bench-embedded.sh [out-dir]   env: BENCH_COUNT (5000), BENCH_WARMUP (2000),
#        BENCH_ROUNDS (1), BENCH_PORT (5180), BENCH_BACKLOG (0: contacts put in every queue's line
#        after the warm-up, ahead of the measured ones, as if they had been waiting all along),
#        SERVER_ARGS (extra server arguments for both stores),
#        BASE_BIN (a server build folder to compare with, e.g. a copy of main's bin/Release/net10.0:
#        adds "base-embedded" and "base-redis" runs of `dotnet Routing.Server.dll` in the same
#        working directory), GHZ (ghz binary)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${1:-$(mktemp -d /tmp/bench-embedded.XXXXXX)}
mkdir -p "$OUT"
COUNT=${BENCH_COUNT:-5000}
ROUNDS=${BENCH_ROUNDS:-1}
PORT=${BENCH_PORT:-5180}
GHZ=${GHZ:-$(command -v ghz || echo /work/shared/tools/bin/ghz)}
# Prometheus on a free port: another server on this machine may hold the default one.
read -r -a EXTRA <<<"--Telemetry:Prometheus:Url=http://127.0.0.1:0 ${SERVER_ARGS:-}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ss -ltn | grep -q "127.0.0.1:$PORT "; then echo "Port $PORT is in use; set BENCH_PORT." >&2; exit 1; fi
SERVER_PID=""; REDIS_PID=""
stop_server() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
cleanup() { stop_server; if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

REDIS_PORT=$(for p in $(seq 16600 16700); do ss -ltn | grep -q ":$p " || { echo "$p"; break; }; done)
GARNET_PORT=$(for p in $(seq 16701 16800); do ss -ltn | grep -q ":$p " || { echo "$p"; break; }; done)
BACKLOG=${BENCH_BACKLOG:-0}
mkdir -p "$OUT/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$OUT/redis" --save '' --appendonly yes --appendfsync everysec \
  --daemonize no --loglevel warning >"$OUT/redis.log" 2>&1 &
REDIS_PID=$!

start_server() { # $1 = label, $2 = build folder (empty: dotnet run), rest = server arguments
  local label=$1 bin=$2; shift 2
  rm -rf "$ROOT/src/Routing.Server/data/garnet"
  if [ -z "$bin" ]; then
    (cd "$ROOT" && exec dotnet run --project src/Routing.Server -c Release --no-build -- --Urls="http://127.0.0.1:$PORT" "$@" "${EXTRA[@]}") \
      >"$OUT/server-$label.log" 2>&1 &
  else
    (cd "$ROOT/src/Routing.Server" && exec dotnet "$bin/Routing.Server.dll" --Urls="http://127.0.0.1:$PORT" "$@" "${EXTRA[@]}") \
      >"$OUT/server-$label.log" 2>&1 &
  fi
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; then sleep 1; return 0; fi
    sleep 0.5
  done
  echo "server ($label) did not start; see $OUT/server-$label.log" >&2; exit 1
}

# CPU seconds (user+sys) of the server process (the child of `dotnet run`, or the dll itself) and
# of redis-server: throughput on a shared 2-core machine moves with everything else running, the
# CPU each call costs much less.
server_pid() { pgrep -P "$SERVER_PID" | head -1 | grep . || echo "$SERVER_PID"; }
cpu_of() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$1/stat"; }

ghz_run() { # $1 = label, $2 = config
  local label=$1 config=$2 name spid s0 r0
  name=$(basename "$config" .json)
  # The bounds go into a copy of the config: ghz takes a config file's settings over its flags, and
  # its max-duration makes it ignore the count (it runs for the whole duration), so the time bound
  # is timeout(1) instead.
  python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c.update(total=int(sys.argv[2]), concurrency=64); c.pop("max-duration", None); json.dump(c, open(sys.argv[3], "w"))' \
    "$config" "$COUNT" "$OUT/$label-$name.config.json"
  spid=$(server_pid); s0=$(cpu_of "$spid"); r0=$(cpu_of "$REDIS_PID")
  timeout 120 /usr/bin/time -f "%U %S" -o "$OUT/$label-$name.cpu" \
    "$GHZ" --config "$OUT/$label-$name.config.json" --format json --output "$OUT/$label-$name.json" "127.0.0.1:$PORT" >/dev/null 2>&1 || true
  echo "$(echo "$(cpu_of "$spid") - $s0" | bc) $(echo "$(cpu_of "$REDIS_PID") - $r0" | bc)" >"$OUT/$label-$name.server-cpu"
  python3 - "$OUT/$label-$name.json" "$OUT/$label-$name.cpu" "$label $name" "$OUT/$label-$name.server-cpu" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); u, s = map(float, open(sys.argv[2]).read().split()[-2:])
server, redis = map(float, open(sys.argv[4]).read().split())
n = max(r["count"], 1)
pct = {d["percentage"]: d["latency"] for d in r.get("latencyDistribution") or []}
err = sum((r.get("errorDistribution") or {}).values())
print(f"{sys.argv[3]:28s} {r['rps']:8.0f}/s  p50 {pct.get(50,0)/1e6:7.2f} ms  p99 {pct.get(99,0)/1e6:7.2f} ms  "
      f"errors {err}  ghz cpu {u+s:.1f} s ({(u+s)/(r['total']/1e9)*100:.0f}% of one core)  "
      f"server cpu {server*1e6/n:.0f} us/call, redis-server {redis*1e6/n:.0f} us/call")
PY
}

WARMUP=${BENCH_WARMUP:-2000}
for round in $(seq 1 "$ROUNDS"); do
  builds=("new|")
  if [ -n "${BASE_BIN:-}" ]; then builds=("base|$BASE_BIN" "new|"); fi
  for build in "${builds[@]}"; do
    for store in embedded redis; do
      label="${build%%|*}-$store-$round"
      if [ "$store" = embedded ]; then start_server "$label" "${build#*|}" --Redis:Embedded:Port="$GARNET_PORT"; else start_server "$label" "${build#*|}" --Redis:ConnectionString="127.0.0.1:$REDIS_PORT"; fi
      ROUTING_API_KEY=$(sed -n 's/.*"gatewayKey": *"\([^"]*\)".*/\1/p' "$ROOT/src/Routing.Server/data/dev-credentials.json")
      export ROUTING_API_KEY
      # Warm-up (JIT, connections, script cache), not recorded.
      python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c.update(total=int(sys.argv[3]), concurrency=64); c.pop("max-duration", None); json.dump(c, open(sys.argv[2], "w"))' \
        scripts/ghz/submit.json "$OUT/warmup.json" "$WARMUP"
      timeout 120 "$GHZ" --config "$OUT/warmup.json" "127.0.0.1:$PORT" >/dev/null 2>&1 || true
      if [ "$BACKLOG" -gt 0 ]; then
        store_port=$REDIS_PORT; [ "$store" = embedded ] && store_port=$GARNET_PORT
        for queue in $(redis-cli -p "$store_port" --scan --pattern 'routing:{default}:q:*' | grep -v '^routing:{default}:q:.*:'); do
          # Scores 1..N: long before any real contact, so all of them are ahead in line.
          # RESP, not inline commands: Garnet does not take inline commands from redis-cli --pipe.
          python3 -c 'import sys; q, n = sys.argv[1].encode(), int(sys.argv[2]); w = sys.stdout.buffer.write
for i in range(1, n + 1):
    s, m = str(i).encode(), b"backlog-%d" % i
    w(b"*4\r\n$4\r\nZADD\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(q), q, len(s), s, len(m), m))' "$queue" "$BACKLOG" \
            | redis-cli -p "$store_port" --pipe >/dev/null
          echo "$label: $(redis-cli -p "$store_port" zcard "$queue") waiting in $queue" >>"$OUT/backlog.txt"
        done
      fi
      ghz_run "$label" scripts/ghz/submit.json
      cp scripts/ghz/submit.json "$OUT/submit-again.json"
      ghz_run "$label" "$OUT/submit-again.json"
      ghz_run "$label" scripts/ghz/echo.json
      stop_server
      if [ "$store" = redis ]; then redis-cli -p "$REDIS_PORT" flushall >/dev/null; fi
    done
  done
done
echo "raw JSON and logs: $OUT"
