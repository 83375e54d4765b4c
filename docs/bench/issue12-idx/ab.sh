#!/usr/bin/env bash
# The A/B of this lane, old/new alternated (run.sh): the embedded default 300 agents at 200/s after a
# 4,000-contact warm-up run on the same server, then redis-server 1,000 agents at 250/s.
cd "$(dirname "$0")"
for p in "old 1" "new 1" "new 2" "old 2"; do set -- $p
  STORE=embedded WARMUP=4000 PORT=5491 ./run.sh /tmp/idx-$1 $1-embedded-300x200-warm-ab$2 300 200 4000
done
for p in "new 1" "old 1"; do set -- $p
  PORT=5491 ./run.sh /tmp/idx-$1 $1-redis-1000x250-ab$2 1000 250 5000
done
