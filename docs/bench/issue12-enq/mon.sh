#!/usr/bin/env bash
# mon.sh PORT BUILD_DIR OUT: MONITOR of a small queue-depth run on a throwaway redis-server
set -euo pipefail
PORT=$1; BUILD=$2; OUT=$3
redis-server --port $PORT --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile /tmp/r$PORT.pid --logfile /tmp/r$PORT.log
sleep 0.5
timeout 120 redis-cli -p $PORT monitor > "$OUT.monitor" &
MON=$!
timeout 300 dotnet "$BUILD/Routing.Benchmarks.dll" queue-depth --redis 127.0.0.1:$PORT --waiting 1500 --baseline 500 --samples 20 --rounds 1 --settle 0 > "$OUT.log" 2>&1
sleep 1
kill $MON || true
redis-cli -p $PORT shutdown nosave || true
