#!/usr/bin/env bash
# One lifecycle run (issue 12, copied from docs/bench/issue12-life for the IDX lane): starts redis-server (no persistence) on a free port
# 16600+ unless STORE=embedded, the server build in $1 (a bin/Release/net10.0 folder), and the
# simulator's `lifecycle` against it; records the simulator's output, the simulator's and server's
# CPU (user+sys ticks from /proc) and redis-server's INFO commandstats.
# Usage: run.sh <server-bin> <label> <agents> <rate> <count>
#   env: OUT, STORE (redis|embedded), PORT, WARMUP (contacts of an unrecorded first run), PERF (seconds of
#   perf record on the server, PERFMAP=1 DOTNET_EnableWriteXorExecute=0 for managed names), TRACE (seconds of
#   dotnet-trace), MONITOR (seconds of redis MONITOR, from MON_AFTER s into the measured run), SLOW_US (slowlog threshold)
set -uo pipefail
BIN=$1; LABEL=$2; AGENTS=$3; RATE=$4; COUNT=$5
ROOT=/work/wt/idx
SIM=${SIM:-/tmp/idx-sim/Routing.Simulator.dll}
OUT=${OUT:-$ROOT/docs/bench/issue12-idx}
PORT=${PORT:-5391}
STORE=${STORE:-redis}
WORK=$(mktemp -d /tmp/idx-run.XXXXXX)
CRED=$WORK/cred.json
ticks() { awk '{print $14+$15}' /proc/$1/stat 2>/dev/null || echo 0; }
RP=""; REDIS_PID=""
if [ "$STORE" = redis ]; then
  RP=$(for p in $(seq 16600 16700); do ss -ltn | grep -q ":$p " || { echo "$p"; break; }; done)
  redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" --daemonize no --loglevel warning >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  sleep 0.5
  redis-cli -p "$RP" CONFIG SET slowlog-log-slower-than ${SLOW_US:-1000} >/dev/null; redis-cli -p "$RP" CONFIG SET slowlog-max-len 100000 >/dev/null
  STOREARGS=(--Redis:ConnectionString "127.0.0.1:$RP")
else
  STOREARGS=(--Redis:Embedded:DataDirectory "$WORK/garnet")
fi
(cd "$ROOT/src/Routing.Server" && DOTNET_PerfMapEnabled=${PERFMAP:-0} exec dotnet "$BIN/Routing.Server.dll" --contentRoot "$ROOT/src/Routing.Server" --Urls "http://127.0.0.1:$PORT" \
  "${STOREARGS[@]}" --Crm:ConnectionString "Data Source=$WORK/crm.db" --Security:Development:CredentialsFile "$CRED" \
  --Engine:WrapUp 00:00:00 --Logging:LogLevel:Default Warning --Telemetry:Prometheus:Url http://127.0.0.1:0) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null && break; sleep 0.5; done
sleep 2
[ -f "$CRED" ] || { echo "no credentials file" >&2; cat "$WORK/server.log"; kill $SERVER_PID; [ -n "$REDIS_PID" ] && kill $REDIS_PID; exit 1; }
if [ -n "${WARMUP:-}" ]; then # a first simulator run (not recorded) so the measured one meets a warm JIT
  timeout 120 dotnet "$SIM" lifecycle --target "http://127.0.0.1:$PORT" --credentials "$CRED" --agents "$AGENTS" --rate "$RATE" --count "$WARMUP" --duration 20 --drain 20 --quiet >/dev/null 2>&1
fi
S0=$(ticks $SERVER_PID); R0=$([ -n "$REDIS_PID" ] && ticks $REDIS_PID || echo 0)
if [ -n "${PERF:-}" ]; then
  (sleep ${PERF_AFTER:-10}; timeout 60 perf record -F 499 -g -p $SERVER_PID -o "/tmp/idx-$LABEL.perf.data" -- sleep $PERF >"/tmp/idx-$LABEL.perf.log" 2>&1) &
  PP=$!
fi
if [ -n "${TRACE:-}" ]; then
  (sleep 12; timeout 60 ~/.dotnet/tools/dotnet-trace collect -p $SERVER_PID --duration 00:00:00:$TRACE --profile dotnet-sampled-thread-time -o "/tmp/idx-$LABEL.nettrace" >"/tmp/idx-$LABEL.trace.log" 2>&1) &
  TP=$!
fi
if [ -n "${MONITOR:-}" ] && [ -n "$RP" ]; then (sleep ${MON_AFTER:-12}; timeout $MONITOR redis-cli -p "$RP" MONITOR >"/tmp/idx-$LABEL.monitor" 2>/dev/null) & fi
START=$(date +%s.%N)
/usr/bin/time -f "sim_cpu_user=%U sim_cpu_sys=%S sim_wall=%e" -o "$WORK/sim.time" \
  timeout 180 dotnet "$SIM" lifecycle --target "http://127.0.0.1:$PORT" --credentials "$CRED" --agents "$AGENTS" --rate "$RATE" --count "$COUNT" --duration 20 --drain 30 --quiet >"$WORK/sim.out" 2>&1
END=$(date +%s.%N)
S1=$(ticks $SERVER_PID); R1=$([ -n "$REDIS_PID" ] && ticks $REDIS_PID || echo 0)
[ -n "${TRACE:-}" ] && wait $TP
[ -n "${PERF:-}" ] && wait $PP
F=$OUT/$LABEL
{ cat "$WORK/sim.out"; cat "$WORK/sim.time";
  echo "wall_s=$(echo "$END - $START" | bc) server_cpu_s=$(echo "($S1 - $S0)/100" | bc -l | cut -c1-6) redis_cpu_s=$(echo "($R1 - $R0)/100" | bc -l | cut -c1-6)"; } >"$F.txt"
[ -n "$RP" ] && { redis-cli -p "$RP" INFO commandstats >"$F.commandstats.txt"; redis-cli -p "$RP" SCRIPT LIST >/dev/null 2>&1; redis-cli -p "$RP" --no-raw SLOWLOG GET 100000 >"/tmp/idx-$LABEL.slowlog"; }
kill $SERVER_PID; wait $SERVER_PID 2>/dev/null
[ -n "$REDIS_PID" ] && { kill $REDIS_PID; wait $REDIS_PID 2>/dev/null; }
grep -iE "error|exception" "$WORK/server.log" | head -5 >"$F.server-errors.txt"
rm -rf "$WORK"
cat "$F.txt"
