#!/usr/bin/env bash
# Per-key breakdown of what one waiting contact of the queue-depth benchmark costs in Redis.
# Usage: breakdown.sh PORT BUILD_DIR OUT_PREFIX [WAITING]
# Runs the queue-depth benchmark of BUILD_DIR against the redis-server on 127.0.0.1:PORT and, while the
# big fill runs (the benchmark deletes its tenant at the end), samples 20 waiting contacts: MEMORY USAGE
# and OBJECT ENCODING of every key each one created, and the shared sorted sets' size per member.
set -euo pipefail
PORT=$1; BUILD=$2; OUT=$3; WAITING=${4:-100000}
cli() { redis-cli -p "$PORT" "$@"; }
cli flushall >/dev/null
cli config resetstat >/dev/null
timeout 900 dotnet "$BUILD/src/Routing.Benchmarks/bin/Release/net10.0/Routing.Benchmarks.dll" queue-depth \
  --redis "127.0.0.1:$PORT" --waiting "$WAITING" --baseline 1000 --samples 1000 --json "$OUT.json" >"$OUT.log" 2>&1 &
BENCH=$!
# Wait for a quarter of the fill.
TENANT=""
for _ in $(seq 1 600); do
  TENANT=$(grep -o 'tenant bench-[0-9a-f]*' "$OUT.log" | head -1 | cut -d' ' -f2 || true)
  [ -n "$TENANT" ] && [ "$(cli zcard "routing:{$TENANT}:q:general")" -gt $((WAITING / 4)) ] && break; sleep 0.5
done
PREFIX="routing:{$TENANT}:"
{
  echo "prefix $PREFIX  dbsize $(cli dbsize)"
  for k in "q:general" "q:general:chat" "esc" "dlx" "qw:general" "queues"; do
    t=$(cli type "$PREFIX$k"); m=$(cli memory usage "$PREFIX$k" samples 0); e=$(cli object encoding "$PREFIX$k")
    c=$( [ "$t" = zset ] && cli zcard "$PREFIX$k" || echo -)
    echo "shared $k $t $e bytes=$m members=$c per_member=$( [ "$c" != - ] && echo $((m / c)) || echo -)"
  done
  for id in $(cli zrange "${PREFIX}q:general" 5000 5019); do
    c="${PREFIX}c:$id"
    conv=$(cli hget "$c" conv); thread=$(cli hget "$c" thread); ext=$(cli hget "$c" ext); cust=$(cli hget "$c" cust)
    line="contact"
    for k in "c:$id" "c:$id:tl" "c:$id:msgs" "dc:$id" "t:$thread" "j:$thread" "v:$conv" "v:$conv:c" "x:chat:$ext" "s:$thread:$(cli hget "$c" crmv)"; do
      m=$(cli memory usage "$PREFIX$k" samples 0); [ -z "$m" ] && continue
      t=$(cli pttl "$PREFIX$k"); [ "$t" -gt 0 ] && m="$m+ttl"
      e=$(cli object encoding "$PREFIX$k")
      line="$line ${k%%:*}=$m($e)"
    done
    echo "$line"
  done
  echo "sample contact hash:"; cli hgetall "${PREFIX}c:$id" | paste - - | awk -F'\t' '{ printf "  %-8s %4d  %s\n", $1, length($2), substr($2, 1, 200) }'
  echo "sample timeline:"; cli lrange "${PREFIX}c:$id:tl" 0 -1 | awk '{ printf "  %4d  %s\n", length($0), $0 }'
} >"$OUT.keys.txt"
wait "$BENCH"
cli info commandstats | grep -E 'evalsha|fcall|eval:' >"$OUT.commandstats.txt" || true
cli info commandstats >"$OUT.commandstats.all.txt"
tail -3 "$OUT.log"
