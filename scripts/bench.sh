#!/usr/bin/env bash
# Reproducible benchmarks of the router on this machine, every one bounded in count and time.
# Starts its own redis-server (Debian package, installed if missing) on a free loopback port and the
# router on 127.0.0.1:5080, runs the project's load generator against them, and rewrites the results
# part of BENCHMARKS.md (everything above the "<!-- analysis -->" line; the analysis below it is kept).
#   a. unary Submit vs the Diagnostics.Echo yardstick (same server, same load), and their ratio
#   b. SubmitStream throughput
#   c. full lifecycle submit -> offer -> accept -> complete with 1,000 agents at several arrival rates
#   d. 10,000 agent desk streams on one node: server memory per stream
#   e. 1,000,000 contacts waiting: Redis memory per contact, enqueue and match latency vs 1,000 waiting
# Usage: scripts/bench.sh [a b c d e]   (default: all). Takes about 10-15 minutes in all.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STEPS=${*:-a b c d e}
PORT=5080
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ss -ltn 2>/dev/null | grep -q ":$PORT "; then
  echo "Port $PORT is in use; stop what listens there and try again." >&2
  exit 1
fi

scripts/install-deps.sh
dotnet build Routing.sln -c Release -nologo -clp:ErrorsOnly

WORK=$(mktemp -d /tmp/routing-bench.XXXXXX)
RESULTS="$WORK/results.md"
# The server runs in development mode; the simulator reads the credentials it writes.
CREDENTIALS="$WORK/dev-credentials.json"
sim() { local mode=$1; shift; dotnet "$ROOT/src/Routing.Simulator/bin/Release/net10.0/Routing.Simulator.dll" "$mode" --credentials "$CREDENTIALS" "$@"; }
SERVER_PID=""
REDIS_PORT=$(for p in $(seq 16400 16500); do ss -ltn | grep -q ":$p " || { echo "$p"; break; }; done)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --loglevel warning >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!

stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}
cleanup() {
  stop_server
  kill "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true
}
trap cleanup EXIT

start_server() {
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
  rm -f "$WORK/crm.db"
  dotnet "$ROOT/src/Routing.Server/bin/Release/net10.0/Routing.Server.dll" \
    --contentRoot "$ROOT/src/Routing.Server" --Urls "http://127.0.0.1:$PORT" \
    --Redis:ConnectionString "127.0.0.1:$REDIS_PORT" --Crm:ConnectionString "Data Source=$WORK/crm.db" \
    --Security:Development:CredentialsFile "$CREDENTIALS" \
    --Engine:WrapUp 00:00:00 --Logging:LogLevel:Default Warning "$@" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    ss -ltn | grep -q ":$PORT " && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
    sleep 0.25
  done
  echo "router did not start" >&2; exit 1
}

# Redis-side cost of the step just run: calls and microseconds per call of the Lua scripts.
redis_cost() {
  redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r' | awk -F'[:=,]' '/cmdstat_(evalsha|eval):/ { printf "%s: %s calls, %s us per call; ", $1, $3, $7 }' | sed 's/cmdstat_//g'
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
field() { grep -o "$2 [0-9.]*" <<<"$1" | head -1 | awk '{print $NF}'; }   # field "<line>" "p50" -> number after the word
say() { echo "$*" | tee -a "$RESULTS"; }

redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || sleep 1
say "## Results ($(date -u '+%Y-%m-%d %H:%M UTC'))"
say ""
say "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(. /etc/os-release; echo "$PRETTY_NAME"); .NET SDK $(dotnet --version); $(redis-server --version | awk '{print $1, $3}' | tr -d 'v=')."
say "Server, Redis and load generator share the machine. Load generator: \`src/Routing.Simulator\`."
say ""

if [[ " $STEPS " == *" a "* ]]; then
  start_server
  sim ingest --echo --count 5000 --concurrency 64 --duration 30 --quiet >/dev/null   # warm-up (JIT, connections)
  sim ingest --count 5000 --concurrency 64 --duration 30 --quiet >/dev/null
  echo_line=$(sim ingest --echo --count 40000 --concurrency 64 --duration 60 --quiet | tail -1 || true)
  redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
  submit_line=$(sim ingest --count 40000 --concurrency 64 --duration 60 --quiet | tail -1 || true)
  A_REDIS=$(redis_cost)
  stop_server
  echo_rate=$(grep -o '[0-9]* contacts/s' <<<"$echo_line" | awk '{print $1}')
  submit_rate=$(grep -o '[0-9]* contacts/s' <<<"$submit_line" | awk '{print $1}')
  ratio=$(awk -v s="$submit_rate" -v e="$echo_rate" 'BEGIN { printf "%.0f", 100 * s / e }')
  say "### a. Unary Submit vs the Echo yardstick (40,000 calls each, 64 in flight)"
  say "| call | calls/s | p50 ms | p99 ms |"
  say "|---|---|---|---|"
  say "| Diagnostics.Echo (gRPC only) | $echo_rate | $(field "$echo_line" p50) | $(field "$echo_line" p99) |"
  say "| ContactIngest.Submit (validate, CRM lookup, rules, Lua enqueue + match) | $submit_rate | $(field "$submit_line" p50) | $(field "$submit_line" p99) |"
  say ""
  say "Submit reaches **${ratio}%** of the yardstick's throughput (target: at least 80%). Redis during Submit: $A_REDIS"
  say ""
  A_RATIO=$ratio
fi

if [[ " $STEPS " == *" b "* ]]; then
  start_server
  sim ingest --stream --count 10000 --concurrency 64 --duration 30 --quiet >/dev/null
  redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
  stream_line=$(sim ingest --stream --count 150000 --concurrency 64 --duration 60 --quiet | tail -1 || true)
  B_REDIS=$(redis_cost)
  stop_server
  B_RATE=$(grep -o '[0-9]* contacts/s' <<<"$stream_line" | awk '{print $1}')
  say "### b. SubmitStream (one stream, up to 1,024 contacts in flight, 150,000 contacts or 60 s)"
  say "\`$stream_line\`"
  say ""
  say "**$B_RATE contacts/s** (target: at least 25,000). Redis: $B_REDIS"
  say ""
fi

if [[ " $STEPS " == *" c "* ]]; then
  say "### c. Full lifecycle with 1,000 agents (submit -> offer -> accept -> complete)"
  C_REDIS=""
  say "| arrival rate | completed | contacts/s | enqueue-to-offer p50 ms | p99 ms |"
  say "|---|---|---|---|---|"
  for rate in 500 1000 2000 5000; do
    start_server
    count=$((rate * 15))
    # A run that cannot keep up leaves contacts waiting and exits 1: its figures are still the result.
    line=$(sim lifecycle --agents 1000 --rate "$rate" --count "$count" --duration 30 --drain 30 --quiet | grep -E 'contacts: submitted|throughput|enqueue-to-offer|INVARIANTS' | tr '\n' ' ' || true)
    C_REDIS="$C_REDIS<br>$rate/s: $(redis_cost)"
    stop_server
    completed=$(grep -o 'completed [0-9]*' <<<"$line" | head -1 | awk '{print $2}')
    per_second=$(grep -o '[0-9]* contacts/s' <<<"$line" | awk '{print $1}')
    per_second=${per_second:-0}
    p50=$(grep -o 'enqueue-to-offer.*' <<<"$line" | grep -o 'p50 *[0-9.]*' | awk '{print $2}')
    p99=$(grep -o 'enqueue-to-offer.*' <<<"$line" | grep -o 'p99 *[0-9.]*' | head -1 | awk '{print $2}')
    say "| $rate/s | $completed of $count | $per_second | $p50 | $p99 |"
    [ "$rate" = 2000 ] && C_P99_2000=$p99
    C_BEST=$(( ${C_BEST:-0} > per_second ? ${C_BEST:-0} : per_second ))
  done
  say ""
  say "Targets: at least 5,000 contacts/s full lifecycle; enqueue-to-offer p99 at most 10 ms at 2,000 contacts/s."
  say ""
  say "Redis Lua cost per run (one script per enqueue, accept and complete, each also matching): $C_REDIS"
  say ""
fi

if [[ " $STEPS " == *" d "* ]]; then
  start_server --Engine:HeartbeatInterval 00:01:00
  sleep 2
  before=$(rss_kb "$SERVER_PID")
  sim streams --agents 10000 --hold 30 >"$WORK/streams.log" 2>&1 &
  HOLD=$!
  for _ in $(seq 1 120); do grep -q "10000 of 10000" "$WORK/streams.log" && break; sleep 0.5; done
  sleep 5
  held=$(rss_kb "$SERVER_PID")
  wait "$HOLD" || true
  connected_line=$(tail -1 "$WORK/streams.log")
  stop_server
  per=$(awk -v a="$before" -v b="$held" 'BEGIN { printf "%.1f", (b - a) / 10000 }')
  D_LINE=$connected_line
  say "### d. 10,000 agent desk streams on one node"
  say "\`$connected_line\`; server RSS $((before / 1024)) MiB before, $((held / 1024)) MiB with them held: **$per KiB per stream**."
  say ""
fi

if [[ " $STEPS " == *" e "* ]]; then
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  say "### e. 1,000,000 contacts waiting"
  dotnet "$ROOT/src/Routing.Benchmarks/bin/Release/net10.0/Routing.Benchmarks.dll" queue-depth \
    --redis "127.0.0.1:$REDIS_PORT" --waiting 1000000 --samples 2000 --json "$WORK/queue-depth.json" | tee "$WORK/queue-depth.log" | tail -12 | sed 's/^/    /' | tee -a "$RESULTS"
  say ""
fi

say "### Targets"
say "| target | measured |"
say "|---|---|"
[ -n "${A_RATIO:-}" ] && say "| Submit at least 80% of Echo | ${A_RATIO}% |"
[ -n "${B_RATE:-}" ] && say "| SubmitStream at least 25,000 contacts/s | $B_RATE |"
[ -n "${C_BEST:-}" ] && say "| full lifecycle at least 5,000 contacts/s | best $C_BEST |"
[ -n "${C_P99_2000:-}" ] && say "| enqueue-to-offer p99 at most 10 ms at 2,000/s | $C_P99_2000 ms |"
[ -n "${D_LINE:-}" ] && say "| 10,000 agent streams on one node | $D_LINE |"
[ -f "$WORK/queue-depth.log" ] && say "| match latency at 1,000,000 waiting within 1.5x of 1,000 | see e. |"
say ""

# Rewrite BENCHMARKS.md: the header, the new results, then the analysis kept as it is.
{
  echo "# Benchmarks"
  echo ""
  echo "Written by \`scripts/bench.sh\` (method: see the script; each step bounded in count and time)."
  echo "Rerun it to refresh everything above the analysis."
  echo ""
  cat "$RESULTS"
  if [ -f BENCHMARKS.md ] && grep -q '^<!-- analysis -->' BENCHMARKS.md; then
    sed -n '/^<!-- analysis -->/,$p' BENCHMARKS.md
  else
    echo "<!-- analysis -->"
    echo "## Analysis"
    echo ""
    echo "(where the time goes and what would close the gaps: written by hand after a run)"
  fi
} >"$WORK/BENCHMARKS.md"
mv "$WORK/BENCHMARKS.md" BENCHMARKS.md
echo "BENCHMARKS.md updated."
