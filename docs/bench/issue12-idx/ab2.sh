#!/usr/bin/env bash
# Second round of the A/B (run.sh), order reversed against ab.sh's first pair of each.
cd "$(dirname "$0")"
for p in "old 2" "new 2"; do set -- $p
  PORT=5491 ./run.sh /tmp/idx-$1 $1-redis-1000x250-ab$2 1000 250 5000
done
for p in "new 3" "old 3"; do set -- $p
  STORE=embedded WARMUP=4000 PORT=5491 ./run.sh /tmp/idx-$1 $1-embedded-300x200-warm-ab$2 300 200 4000
done
