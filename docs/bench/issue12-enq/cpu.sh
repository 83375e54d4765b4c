#!/usr/bin/env bash
# redis-server CPU per enqueue of one queue-depth run (method of ../issue12-lean/breakdown.sh without
# the key sampling). Usage: cpu.sh PORT BENCH_BIN_DIR OUT_PREFIX [WAITING]
# Starts a throwaway redis-server on 127.0.0.1:PORT (--save '' --appendonly no), runs the queue-depth
# benchmark of BENCH_BIN_DIR against it; once the small tenant's baseline fill ends, resets commandstats and
# reads INFO cpu (user + system); when the deep fill ends reads both again: redis-server's own CPU over
# the fill / evalsha calls (the fill only enqueues). Writes OUT_PREFIX.{log,json,commandstats.txt,redis-cpu.txt,cpu.txt}.
set -euo pipefail
PORT=$1; BIN=$2; OUT=$3; WAITING=${4:-30000}
cli() { redis-cli -p "$PORT" "$@"; }
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "/tmp/enq-cpu-$PORT.pid" --logfile "/tmp/enq-cpu-$PORT.log"
for _ in $(seq 1 50); do cli ping >/dev/null 2>&1 && break; sleep 0.1; done
/usr/bin/time -f "load generator (Routing.Benchmarks) CPU: user %U s, system %S s, elapsed %e s, %P of one core" -o "$OUT.cpu.txt" \
  timeout 900 dotnet "$BIN/Routing.Benchmarks.dll" queue-depth \
  --redis "127.0.0.1:$PORT" --waiting "$WAITING" --baseline 1000 --samples 200 --rounds 1 --settle 0 --json "$OUT.json" >"$OUT.log" 2>&1 &
BENCH=$!
for _ in $(seq 1 1200); do grep -q "^fill bench-.*-small to 1,000:" "$OUT.log" && break; sleep 0.1; done
cli config resetstat >/dev/null
cpu() { cli info cpu | tr -d '\r' | awk -F: '/^used_cpu_(user|sys):/ { s += $2 } END { printf "%.3f", s }'; }
CPU0=$(cpu)
for _ in $(seq 1 3000); do grep -q "^fill bench-.*-deep to $(echo "$WAITING" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'):" "$OUT.log" && break; sleep 0.2; done
cli info commandstats >"$OUT.commandstats.txt"
CPU1=$(cpu)
calls=$(grep -o 'cmdstat_evalsha:calls=[0-9]*' "$OUT.commandstats.txt" | cut -d= -f2)
echo "redis-server CPU over the big fill: $(awk -v a="$CPU0" -v b="$CPU1" 'BEGIN { printf "%.3f", b - a }') s for $calls enqueues = $(awk -v a="$CPU0" -v b="$CPU1" -v n="$calls" 'BEGIN { printf "%.1f", (b - a) * 1e6 / n }') µs per enqueue" >"$OUT.redis-cpu.txt"
wait "$BENCH"
cli shutdown nosave >/dev/null 2>&1 || true
echo "== $OUT $(cat "$OUT.redis-cpu.txt") | $(cat "$OUT.cpu.txt")"
