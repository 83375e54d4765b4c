#!/usr/bin/env bash
# The session's series: old (main cb16e4b) and new builds back to back, each run a fresh server and
# redis-server (run.sh). /tmp/life-old and /tmp/life-new hold the two builds' bin/Release/net10.0.
cd "$(dirname "$0")"
for spec in "1000 300 6000" "100 100 2000" "1000 600 12000"; do
  set -- $spec
  for b in new old; do ./run.sh /tmp/life-$b "$b-redis-$1x$2" "$@" >/dev/null 2>&1; echo "$b-redis-$1x$2 done"; done
done
for b in new old; do STORE=embedded ./run.sh /tmp/life-$b "$b-embedded-300x200" 300 200 4000 >/dev/null 2>&1; echo "$b-embedded-300x200 done"; done
./run.sh /tmp/life-new "new-redis-1000x1000" 1000 1000 20000 >/dev/null 2>&1; echo "new-redis-1000x1000 done"
