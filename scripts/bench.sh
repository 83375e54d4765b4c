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
#      (two tenants, measured interleaved in 3 rounds after the fill)
#   f. the embedded default (in-process Garnet, no Redis to install): full lifecycle with 300 agents
# Next to every figure: the CPU seconds the load generator, the server and redis-server spent on it
# (the three share the machine's cores).
# a and b run ghz (scripts/ghz/*.json) when it is installed (on PATH, or GHZ=/path/to/ghz), and the
# project's simulator otherwise (BENCH_TOOL=simulator forces it); c and d always run the simulator
# (ghz cannot play agents), e the Routing.Benchmarks tool. Every run keeps its raw JSON in
# benchmarks/raw/<UTC time>/ (ghz's own report, the simulator's, the benchmark tool's), and
# BENCHMARKS.md names the tool and the raw file next to each figure.
# Usage: scripts/bench.sh [a b c d e f]   (default: all). Takes about 15-20 minutes in all.
#   BENCH_PORT (default 5080): the router's port; BENCH_BUILD=0: use the Release build already there;
#   BENCH_SCALE=10: a and b with 10% of the calls (a quick check of the script, not a benchmark);
#   BENCH_WARMUP (default 20): seconds of load before each measured server is measured. The .NET
#   tiered JIT recompiles the hot methods for the first ~20 s of load (perf: a third of the server's
#   CPU in libclrjit during that time, near none after it), so a shorter warm-up measures the JIT.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STEPS=${*:-a b c d e f}
PORT=${BENCH_PORT:-5080}
WARMUP=${BENCH_WARMUP:-20}
SCALE=${BENCH_SCALE:-100}
scaled() { echo $(( $1 * SCALE / 100 > 0 ? $1 * SCALE / 100 : 1 )); }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

GHZ=${GHZ:-$(command -v ghz || true)}
WITHOUT_GHZ="ghz not installed"
if [ "${BENCH_TOOL:-}" = "simulator" ]; then
  GHZ=""
  WITHOUT_GHZ="BENCH_TOOL=simulator"
fi
if [ -n "$GHZ" ] && ! command -v python3 >/dev/null 2>&1; then
  echo "ghz found at $GHZ, but reading its JSON needs python3: using the simulator instead." >&2
  GHZ=""
fi
if [ -n "$GHZ" ]; then
  LOADGEN="ghz $("$GHZ" --version 2>&1 | head -1) (scripts/ghz/*.json)"
  echo "== ghz is installed ($GHZ): it measures a and b; the simulator plays the agents of c and d."
else
  LOADGEN="src/Routing.Simulator ($WITHOUT_GHZ)"
  echo "== $WITHOUT_GHZ (scripts/loadtest.sh says how to install ghz): the simulator measures a and b too."
fi

if ss -ltn 2>/dev/null | grep -q ":$PORT "; then
  echo "Port $PORT is in use; stop what listens there and try again." >&2
  exit 1
fi

scripts/install-deps.sh
if [ "${BENCH_BUILD:-1}" != "0" ]; then
  dotnet build Routing.sln -c Release -nologo -clp:ErrorsOnly
fi

WORK=$(mktemp -d /tmp/routing-bench.XXXXXX)
RESULTS="$WORK/results.md"
STAMP=$(date -u '+%Y-%m-%dT%H%MZ')
RAW="benchmarks/raw/$STAMP"
mkdir -p "$RAW"
# The server runs in development mode; the simulator reads the credentials it writes.
CREDENTIALS="$WORK/dev-credentials.json"
LOADGEN_CPU="$WORK/loadgen.cpu"
# The load generator runs under time(1): its own CPU (user+sys) of the last run lands in $LOADGEN_CPU.
sim() { local mode=$1; shift; /usr/bin/time -f "%U %S" -o "$LOADGEN_CPU" dotnet "$ROOT/src/Routing.Simulator/bin/Release/net10.0/Routing.Simulator.dll" "$mode" --target "http://127.0.0.1:$PORT" --credentials "$CREDENTIALS" "$@"; }

# ghz_run CONFIG RAW.json [field=value ...]: one bounded ghz run of a project config against the bench
# server, with some fields replaced (ghz's own flags do not reliably override a config file), its JSON
# report kept; prints "<calls/s> <p50 ms> <p99 ms> <errors>" (contacts/s for stream configs).
ghz_run() {
  local config=$1 out=$2; shift 2
  local run="$WORK/ghz-$(basename "$out")"
  python3 - "$config" "$run" "127.0.0.1:$PORT" "$@" <<'EOF'
import json, sys
config = json.load(open(sys.argv[1]))
config["host"] = sys.argv[3]
# ghz (v0.121) runs a config with max-duration until that duration, whatever its total: the bench
# bounds each run by its total, and its time by the timeout around ghz.
config.pop("max-duration", None)
for pair in sys.argv[4:]:
    key, value = pair.split("=", 1)
    try:
        config[key] = json.loads(value)
    except ValueError:
        config[key] = value
json.dump(config, open(sys.argv[2], "w"), indent=2)
EOF
  ROUTING_API_KEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["gatewayKey"])' "$CREDENTIALS") \
    timeout 300 /usr/bin/time -f "%U %S" -o "$LOADGEN_CPU" "$GHZ" --config "$run" --format json --output "$out" >/dev/null 2>&1 || true
  python3 - "$run" "$out" <<'EOF'
import json, sys
config = json.load(open(sys.argv[1]))
try:
    report = json.load(open(sys.argv[2]))
except (OSError, ValueError):
    print("0 0 0 failed"); sys.exit(0)
pct = {d["percentage"]: d["latency"] / 1e6 for d in report.get("latencyDistribution") or []}
per_call = config.get("stream-call-count", 0) or 1
errors = sum((report.get("errorDistribution") or {}).values())
print(f"{report['rps'] * per_call:.0f} {pct.get(50, 0):.2f} {pct.get(99, 0):.2f} {errors}")
EOF
}
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

# The store the server runs on: the bench's redis-server, or (step f) the embedded Garnet.
STORE_ARGS=(--Redis:ConnectionString "127.0.0.1:$REDIS_PORT")
start_server() {
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
  rm -f "$WORK/crm.db"
  dotnet "$ROOT/src/Routing.Server/bin/Release/net10.0/Routing.Server.dll" \
    --contentRoot "$ROOT/src/Routing.Server" --Urls "http://127.0.0.1:$PORT" \
    "${STORE_ARGS[@]}" --Crm:ConnectionString "Data Source=$WORK/crm.db" \
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

# CPU seconds (user+sys) of a process, and of redis-server (INFO cpu); cpu_begin before a measured
# run, cpu_end after it prints what the load generator, the server and redis-server spent on it.
TICKS=$(getconf CLK_TCK)
cpu_of() { awk -v t="$TICKS" '{printf "%.1f", ($14+$15)/t}' "/proc/$1/stat" 2>/dev/null || echo 0; }
redis_cpu() { redis-cli -p "$REDIS_PORT" info cpu | tr -d '\r' | awk -F: '/^used_cpu_(user|sys):/ {s+=$2} END {printf "%.1f", s}'; }
cpu_begin() { rm -f "$LOADGEN_CPU"; CPU0_SERVER=$(cpu_of "$SERVER_PID"); CPU0_REDIS=$(redis_cpu); }
cpu_end() {
  local lg
  lg=$(tail -1 "$LOADGEN_CPU" 2>/dev/null | awk '{printf "%.1f", $1+$2}')
  echo "CPU: load generator ${lg:-?} s, server $(awk -v a="$CPU0_SERVER" -v b="$(cpu_of "$SERVER_PID")" 'BEGIN {printf "%.1f", b-a}') s, redis-server $(awk -v a="$CPU0_REDIS" -v b="$(redis_cpu)" 'BEGIN {printf "%.1f", b-a}') s"
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
field() { grep -o "$2 [0-9.]*" <<<"$1" | head -1 | awk '{print $NF}'; }   # field "<line>" "p50" -> number after the word
say() { echo "$*" | tee -a "$RESULTS"; }

redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || sleep 1
say "## Results ($(date -u '+%Y-%m-%d %H:%M UTC'))"
say ""
say "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(. /etc/os-release; echo "$PRETTY_NAME"); .NET SDK $(dotnet --version); $(redis-server --version | awk '{print $1, $3}' | tr -d 'v=')."
say "Server, Redis and load generator share the machine. Load generator for a and b: $LOADGEN; for c and d: \`src/Routing.Simulator\`; e: \`src/Routing.Benchmarks\`. Raw JSON of every run: [$RAW/]($RAW/)."
say ""

if [[ " $STEPS " == *" a "* ]]; then
  start_server
  if [ -n "$GHZ" ]; then
    # Warm-up (JIT, connections, caches), bounded by time: max-duration stops ghz whatever its total.
    ghz_run scripts/ghz/echo.json "$WORK/warm-echo.json" total=1000000 max-duration="${WARMUP}s" >/dev/null
    ghz_run scripts/ghz/submit.json "$WORK/warm-submit.json" total=1000000 max-duration="${WARMUP}s" >/dev/null
    cpu_begin
    read -r echo_rate echo_p50 echo_p99 echo_errors < <(ghz_run scripts/ghz/echo.json "$RAW/a-echo.json" total=$(scaled 40000) concurrency=64)
    echo_cpu=$(cpu_end)
    redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
    cpu_begin
    read -r submit_rate submit_p50 submit_p99 submit_errors < <(ghz_run scripts/ghz/submit.json "$RAW/a-submit.json" total=$(scaled 40000) concurrency=64)
    submit_cpu=$(cpu_end)
    A_TOOL="ghz"
  else
    sim ingest --echo --count 1000000 --concurrency 64 --duration "$WARMUP" --quiet >/dev/null   # warm-up (JIT, connections, caches)
    sim ingest --count 1000000 --concurrency 64 --duration "$WARMUP" --quiet >/dev/null
    cpu_begin
    echo_line=$(sim ingest --echo --count "$(scaled 40000)" --concurrency 64 --duration 60 --quiet --json "$RAW/a-echo.json" | tail -1 || true)
    echo_cpu=$(cpu_end)
    redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
    cpu_begin
    submit_line=$(sim ingest --count "$(scaled 40000)" --concurrency 64 --duration 60 --quiet --json "$RAW/a-submit.json" | tail -1 || true)
    submit_cpu=$(cpu_end)
    echo_rate=$(grep -o '[0-9]* contacts/s' <<<"$echo_line" | awk '{print $1}'); echo_p50=$(field "$echo_line" p50); echo_p99=$(field "$echo_line" p99)
    submit_rate=$(grep -o '[0-9]* contacts/s' <<<"$submit_line" | awk '{print $1}'); submit_p50=$(field "$submit_line" p50); submit_p99=$(field "$submit_line" p99)
    echo_errors=$(grep -o 'errors [0-9]*' <<<"$echo_line" | awk '{print $2}'); submit_errors=$(grep -o 'errors [0-9]*' <<<"$submit_line" | awk '{print $2}')
    A_TOOL="the simulator"
  fi
  A_REDIS=$(redis_cost)
  stop_server
  ratio=$(awk -v s="${submit_rate:-0}" -v e="${echo_rate:-0}" 'BEGIN { if (e > 0) printf "%.0f", 100 * s / e; else print 0 }')
  say "### a. Unary Submit vs the Echo yardstick ($(scaled 40000) calls each, 64 in flight; load generator: $A_TOOL)"
  say "| call | calls/s | p50 ms | p99 ms | errors | CPU of the run | raw |"
  say "|---|---|---|---|---|---|---|"
  say "| Diagnostics.Echo (gRPC only) | $echo_rate | $echo_p50 | $echo_p99 | ${echo_errors:-?} | ${echo_cpu#CPU: } | [a-echo.json]($RAW/a-echo.json) |"
  say "| ContactIngest.Submit (validate, CRM lookup, rules, Lua enqueue + match) | $submit_rate | $submit_p50 | $submit_p99 | ${submit_errors:-?} | ${submit_cpu#CPU: } | [a-submit.json]($RAW/a-submit.json) |"
  say ""
  say "Submit reaches **${ratio}%** of the yardstick's throughput (target: at least 80%). Redis during Submit: $A_REDIS"
  say ""
  A_RATIO=$ratio
fi

if [[ " $STEPS " == *" b "* ]]; then
  start_server
  if [ -n "$GHZ" ]; then
    ghz_run scripts/ghz/submit-stream.json "$WORK/warm-stream.json" total=100000 max-duration="${WARMUP}s" >/dev/null
    redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
    cpu_begin
    read -r B_RATE stream_p50 stream_p99 stream_errors < <(ghz_run scripts/ghz/submit-stream.json "$RAW/b-submit-stream.json" total=$(scaled 1500))
    stream_line="$B_RATE contacts/s, per stream p50 $stream_p50 ms p99 $stream_p99 ms, errors $stream_errors"
    B_WHAT="ghz scripts/ghz/submit-stream.json: $(scaled 1500) streams of 100 contacts, 8 at a time"
  else
    sim ingest --stream --count 1000000 --concurrency 64 --duration "$WARMUP" --quiet >/dev/null
    redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
    cpu_begin
    stream_line=$(sim ingest --stream --count "$(scaled 150000)" --concurrency 64 --duration 60 --quiet --json "$RAW/b-submit-stream.json" | tail -1 || true)
    B_RATE=$(grep -o '[0-9]* contacts/s' <<<"$stream_line" | awk '{print $1}')
    B_WHAT="the simulator: one stream, up to 1,024 contacts in flight, $(scaled 150000) contacts or 60 s"
  fi
  B_REDIS=$(redis_cost)
  B_CPU=$(cpu_end)
  stop_server
  say "### b. SubmitStream ($B_WHAT)"
  say "\`$stream_line\` (raw: [b-submit-stream.json]($RAW/b-submit-stream.json))"
  say ""
  say "**$B_RATE contacts/s** (target: at least 25,000). $B_CPU. Redis: $B_REDIS"
  say ""
fi

if [[ " $STEPS " == *" c "* ]]; then
  say "### c. Full lifecycle with 1,000 agents (submit -> offer -> accept -> complete)"
  C_REDIS=""
  say "| arrival rate | completed | contacts/s | enqueue-to-offer p50 ms | p99 ms | CPU of the run | raw |"
  say "|---|---|---|---|---|---|---|"
  # One server for every rate, warmed up first; each run's contacts are all completed or drained before the next.
  start_server
  sim lifecycle --agents 1000 --rate 100 --count $((WARMUP * 100)) --duration "$WARMUP" --drain 30 --quiet >/dev/null 2>&1 || true
  for rate in 250 500 1000 2000; do
    redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
    cpu_begin
    count=$((rate * 15))
    # A run that cannot keep up leaves contacts waiting and exits 1: its figures are still the result.
    line=$(sim lifecycle --agents 1000 --rate "$rate" --count "$count" --duration 30 --drain 30 --quiet --report "$WORK/lifecycle-$rate" | grep -E 'contacts: submitted|throughput|enqueue-to-offer|INVARIANTS' | tr '\n' ' ' || true)
    C_REDIS="$C_REDIS<br>$rate/s: $(redis_cost)"
    run_cpu=$(cpu_end)
    cp "$WORK/lifecycle-$rate/report.json" "$RAW/c-lifecycle-$rate.json" 2>/dev/null || true
    completed=$(grep -o 'completed [0-9]*' <<<"$line" | head -1 | awk '{print $2}')
    per_second=$(grep -o '[0-9]* contacts/s' <<<"$line" | awk '{print $1}')
    per_second=${per_second:-0}
    p50=$(grep -o 'enqueue-to-offer.*' <<<"$line" | grep -o 'p50 *[0-9.]*' | awk '{print $2}')
    p99=$(grep -o 'enqueue-to-offer.*' <<<"$line" | grep -o 'p99 *[0-9.]*' | head -1 | awk '{print $2}')
    say "| $rate/s | $completed of $count | $per_second | $p50 | $p99 | ${run_cpu#CPU: } | [c-lifecycle-$rate.json]($RAW/c-lifecycle-$rate.json) |"
    [ "$rate" = 1000 ] && C_P99_1000=$p99
    C_BEST=$(( ${C_BEST:-0} > per_second ? ${C_BEST:-0} : per_second ))
  done
  stop_server
  say ""
  say "Targets: at least 5,000 contacts/s full lifecycle; enqueue-to-offer p99 at most 10 ms at 1,000 contacts/s."
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
  printf '{\n  "tool": "Routing.Simulator streams",\n  "streams": 10000,\n  "result": "%s",\n  "rssBeforeKiB": %s,\n  "rssHeldKiB": %s,\n  "kibPerStream": %s\n}\n' \
    "$connected_line" "$before" "$held" "$per" >"$RAW/d-streams.json"
  D_LINE=$connected_line
  say "### d. 10,000 agent desk streams on one node"
  say "\`$connected_line\`; server RSS $((before / 1024)) MiB before, $((held / 1024)) MiB with them held: **$per KiB per stream** (raw: [d-streams.json]($RAW/d-streams.json))."
  say ""
fi

if [[ " $STEPS " == *" e "* ]]; then
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  say "### e. 1,000,000 contacts waiting"
  dotnet "$ROOT/src/Routing.Benchmarks/bin/Release/net10.0/Routing.Benchmarks.dll" queue-depth \
    --redis "127.0.0.1:$REDIS_PORT" --waiting 1000000 --samples 5000 --rounds 3 --json "$RAW/e-queue-depth.json" | tee "$WORK/queue-depth.log" \
    | sed -n '/^round  *waiting/,$p' | sed 's/^/    /' | tee -a "$RESULTS"
  E_SUMMARY=$(grep '^summary:' "$WORK/queue-depth.log" || true)
  say "(raw: [e-queue-depth.json]($RAW/e-queue-depth.json))"
  say ""
fi

if [[ " $STEPS " == *" f "* ]]; then
  say "### f. The embedded default (in-process Garnet with its append-only file, as the README's run command): full lifecycle with 300 agents"
  say "| arrival rate | completed | contacts/s | enqueue-to-offer p50 ms | p99 ms | CPU of the run (Garnet is inside the server) | raw |"
  say "|---|---|---|---|---|---|---|"
  STORE_ARGS=(--Redis:ConnectionString "" --Redis:Embedded:DataDirectory "$WORK/garnet")
  rm -rf "$WORK/garnet"
  start_server
  sim lifecycle --agents 300 --rate 50 --count $((WARMUP * 50)) --duration "$WARMUP" --drain 30 --quiet >/dev/null 2>&1 || true
  for rate in 100 200; do
    cpu_begin
    count=$((rate * 15))
    line=$(sim lifecycle --agents 300 --rate "$rate" --count "$count" --duration 30 --drain 30 --quiet --report "$WORK/embedded-$rate" | grep -E 'contacts: submitted|throughput|enqueue-to-offer|INVARIANTS' | tr '\n' ' ' || true)
    run_cpu=$(cpu_end)
    cp "$WORK/embedded-$rate/report.json" "$RAW/f-embedded-lifecycle-$rate.json" 2>/dev/null || true
    completed=$(grep -o 'completed [0-9]*' <<<"$line" | head -1 | awk '{print $2}')
    per_second=$(grep -o '[0-9]* contacts/s' <<<"$line" | awk '{print $1}')
    p50=$(grep -o 'enqueue-to-offer.*' <<<"$line" | grep -o 'p50 *[0-9.]*' | awk '{print $2}')
    p99=$(grep -o 'enqueue-to-offer.*' <<<"$line" | grep -o 'p99 *[0-9.]*' | head -1 | awk '{print $2}')
    run_cpu=${run_cpu#CPU: }
    say "| $rate/s | $completed of $count | ${per_second:-0} | $p50 | $p99 | ${run_cpu%, redis-server*} | [f-embedded-lifecycle-$rate.json]($RAW/f-embedded-lifecycle-$rate.json) |"
    [ "$rate" = 200 ] && F_P99=$p99
  done
  stop_server
  STORE_ARGS=(--Redis:ConnectionString "127.0.0.1:$REDIS_PORT")
  say ""
  say "Target: enqueue-to-offer p99 at most 50 ms at 200 contacts/s with 300 agents."
  say ""
fi

say "### Targets"
say "| target | measured |"
say "|---|---|"
[ -n "${A_RATIO:-}" ] && say "| Submit at least 80% of Echo | ${A_RATIO}% |"
[ -n "${B_RATE:-}" ] && say "| SubmitStream at least 25,000 contacts/s | $B_RATE |"
[ -n "${C_BEST:-}" ] && say "| full lifecycle at least 5,000 contacts/s | best $C_BEST |"
[ -n "${C_P99_1000:-}" ] && say "| enqueue-to-offer p99 at most 10 ms at 1,000/s | $C_P99_1000 ms |"
[ -n "${D_LINE:-}" ] && say "| 10,000 agent streams on one node | $D_LINE |"
[ -n "${E_SUMMARY:-}" ] && say "| match p99 at 1,000,000 waiting at most x1.2 of 1,000, in each of 3 rounds | ${E_SUMMARY#summary: } |"
[ -n "${F_P99:-}" ] && say "| embedded default: enqueue-to-offer p99 at most 50 ms at 200/s with 300 agents | $F_P99 ms |"
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
