#!/usr/bin/env bash
# What one waiting contact of the queue-depth benchmark costs in Redis, per key, and the enqueue
# script's Redis time per call.
# Usage: breakdown.sh PORT BUILD_DIR OUT_PREFIX [WAITING]
# Runs the queue-depth benchmark of BUILD_DIR (its Release build) against the throwaway redis-server on
# 127.0.0.1:PORT. Once the baseline depth is measured, resets Redis' commandstats, so the evalsha
# figures read when the big fill ends are enqueue.lua's alone (the fill only enqueues). A quarter into
# the big fill (the benchmark deletes its tenant at the end) samples 20 waiting contacts: MEMORY USAGE
# (+ttl: the key also has an entry in the expires table, not counted by MEMORY USAGE) and OBJECT
# ENCODING of every key each one created, and the shared sorted sets' bytes per member.
# Writes OUT_PREFIX.{log,json,keys.txt,commandstats.txt,redis-cpu.txt,cpu.txt}.
set -euo pipefail
PORT=$1; BUILD=$2; OUT=$3; WAITING=${4:-100000}
cli() { redis-cli -p "$PORT" "$@"; }
cli flushall >/dev/null
cli config resetstat >/dev/null
/usr/bin/time -f "load generator (Routing.Benchmarks) CPU: user %U s, system %S s, elapsed %e s, %P of one core" -o "$OUT.cpu.txt" \
  timeout 900 dotnet "$BUILD/src/Routing.Benchmarks/bin/Release/net10.0/Routing.Benchmarks.dll" queue-depth \
  --redis "127.0.0.1:$PORT" --waiting "$WAITING" --baseline 1000 --samples 1000 --json "$OUT.json" >"$OUT.log" 2>&1 &
BENCH=$!
for _ in $(seq 1 1200); do grep -q "measured at depth 1,000:" "$OUT.log" && break; sleep 0.1; done
cli config resetstat >/dev/null
cpu() { cli info cpu | tr -d '\r' | awk -F: '/^used_cpu_(user|sys):/ { s += $2 } END { printf "%.3f", s }'; }
CPU0=$(cpu)
TENANT=$(grep -o 'tenant bench-[0-9a-f]*' "$OUT.log" | head -1 | cut -d' ' -f2)
PREFIX="routing:{$TENANT}:"
for _ in $(seq 1 1200); do [ "$(cli zcard "${PREFIX}q:general")" -gt $((WAITING / 4)) ] && break; sleep 0.5; done
{
  echo "prefix $PREFIX  dbsize $(cli dbsize)"
  for k in "q:general" "q:general:chat" "esc" "dlx" "qw:general" "queues"; do
    t=$(cli type "$PREFIX$k"); m=$(cli memory usage "$PREFIX$k" samples 0); e=$(cli object encoding "$PREFIX$k")
    c=$( [ "$t" = zset ] && cli zcard "$PREFIX$k" || echo -)
    echo "shared $k $t $e bytes=$m members=$c per_member=$( [ "$c" != - ] && [ -n "$m" ] && echo $((m / c)) || echo -)"
  done
  for id in $(cli zrange "${PREFIX}q:general" 5000 5019); do
    c="${PREFIX}c:$id"
    conv=$(cli hget "$c" conv); thread=$(cli hget "$c" thread); ext=$(cli hget "$c" ext); v=$(cli hget "$c" crmv)
    line="contact"
    for pair in "c:{contact}=c:$id" "c:{contact}:tl=c:$id:tl" "c:{contact}:msgs=c:$id:msgs" "dc:{contact}=dc:$id" "t:{thread}=t:$thread" \
      "j:{thread}=j:$thread" "v:{conversation}=v:$conv" "v:{conversation}:c=v:$conv:c" "x:{channel}:{external}=x:chat:$ext" "s:{thread}:{version}=s:$thread:$v"; do
      name=${pair%%=*}; k=${pair#*=}
      m=$(cli memory usage "$PREFIX$k" samples 0); [ -z "$m" ] && continue
      t=$(cli pttl "$PREFIX$k"); [ "$t" -gt 0 ] && m="$m+ttl"
      line="$line $name=$m($(cli object encoding "$PREFIX$k"))"
    done
    echo "$line"
  done
  echo "sample contact hash (field, value bytes, value):"; cli hgetall "${PREFIX}c:$id" | paste - - | awk -F'\t' '{ printf "  %-8s %4d  %s\n", $1, length($2), substr($2, 1, 300) }'
  echo "sample timeline (bytes, entry):"; cli lrange "${PREFIX}c:$id:tl" 0 -1 | awk '{ printf "  %4d  %s\n", length($0), $0 }'
  [ -n "$v" ] && { echo "sample CRM snapshot (bytes, value):"; cli get "${PREFIX}s:$thread:$v" | awk '{ printf "  %4d  %s\n", length($0), $0 }'; }
  true
} >"$OUT.keys.txt"
for _ in $(seq 1 1800); do grep -q "^fill to $(echo "$WAITING" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'):" "$OUT.log" && break; sleep 0.2; done
cli info commandstats >"$OUT.commandstats.txt"
CPU1=$(cpu)
calls=$(grep -o 'cmdstat_evalsha:calls=[0-9]*' "$OUT.commandstats.txt" | cut -d= -f2)
# redis-server's own CPU (user + system) over the big fill per enqueue: unlike commandstats' wall-clock
# µs, time the process spends preempted by other processes is not counted.
echo "redis-server CPU over the big fill: $(awk -v a="$CPU0" -v b="$CPU1" 'BEGIN { printf "%.3f", b - a }') s for $calls enqueues = $(awk -v a="$CPU0" -v b="$CPU1" -v n="$calls" 'BEGIN { printf "%.1f", (b - a) * 1e6 / n }') µs per enqueue" >"$OUT.redis-cpu.txt"
wait "$BENCH"
tail -3 "$OUT.log"
grep evalsha "$OUT.commandstats.txt"
cat "$OUT.redis-cpu.txt"
cat "$OUT.cpu.txt"
