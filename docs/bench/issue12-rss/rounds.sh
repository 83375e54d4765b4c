#!/usr/bin/env bash
# Alternating rounds: before (main 85f507f) and after (i12-rss), same machine state, 10,000 idle desk streams each.
cd /tmp/rss
echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in 1 2 3; do
  HOLD=10 timeout 300 /tmp/rss/d.sh "round$r before" /tmp/rss/before 10000
  HOLD=10 timeout 300 /tmp/rss/d.sh "round$r after" /tmp/rss/after2 10000
done
HOLD=10 GCDUMP=/tmp/rss/before-final.gcdump timeout 300 /tmp/rss/d.sh "gcdump before" /tmp/rss/before 10000
HOLD=10 GCDUMP=/tmp/rss/after-final.gcdump timeout 300 /tmp/rss/d.sh "gcdump after" /tmp/rss/after2 10000
echo "# done $(date -u '+%H:%M UTC')"
