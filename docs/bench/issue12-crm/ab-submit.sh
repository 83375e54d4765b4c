#!/usr/bin/env bash
# A/B unary Submit: old bin vs new bin, alternating rounds, redis-server AOF everysec; rps + server CPU per call.
set -uo pipefail
OLD=$1; NEW=$2; ROUNDS=${3:-3}; COUNT=${4:-8000}; OUT=${5:-/tmp/prof/ab}
mkdir -p $OUT; RP=16451; PORT=5291
redis-server --port $RP --bind 127.0.0.1 --save '' --appendonly yes --appendfsync everysec --dir $OUT --daemonize yes --pidfile $OUT/redis.pid --loglevel warning
sleep 0.5
cfg() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c.update(total=int(sys.argv[2]), concurrency=64, host="127.0.0.1:'$PORT'"); c.pop("max-duration",None); json.dump(c,open(sys.argv[3],"w"))' /work/main/scripts/ghz/submit.json $1 $2; }
cfg 2000 $OUT/warm.json; cfg $COUNT $OUT/run.json
cpu_of() { awk '{printf "%.2f", ($14+$15)/100}' /proc/$1/stat; }
# CPU seconds of the server's threads named crm-* (the CRM's dedicated threads).
crm_cpu() { local t=0; for d in /proc/$1/task/*; do if grep -q '^crm-' $d/comm 2>/dev/null; then t=$(awk -v t=$t '{printf "%.2f", t + ($14+$15)/100}' $d/stat); fi; done; echo $t; }
for r in $(seq $ROUNDS); do
  for b in old new; do
    bin=$OLD; [ $b = new ] && bin=$NEW
    redis-cli -p $RP flushall >/dev/null; rm -f $OUT/crm.db*
    (cd /work/main/src/Routing.Server && exec dotnet $bin/Routing.Server.dll --Urls http://127.0.0.1:$PORT --Redis:ConnectionString 127.0.0.1:$RP --Crm:ConnectionString "Data Source=$OUT/crm.db" --Security:Development:CredentialsFile $OUT/cred.json --Logging:LogLevel:Default Warning --Telemetry:Prometheus:Url http://127.0.0.1:0) > $OUT/server-$b.log 2>&1 &
    SP=$!
    for i in $(seq 120); do ss -ltn | grep -q ":$PORT " && break; sleep 0.5; done
    export ROUTING_API_KEY=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["gatewayKey"])' $OUT/cred.json)
    timeout 100 /work/shared/tools/bin/ghz --config $OUT/warm.json >/dev/null 2>&1
    s0=$(cpu_of $SP); c0=$(crm_cpu $SP)
    timeout 120 /usr/bin/time -f "%U %S" -o $OUT/ghz.cpu /work/shared/tools/bin/ghz --config $OUT/run.json --format json --output $OUT/$b-$r.json >/dev/null 2>&1
    s1=$(cpu_of $SP); c1=$(crm_cpu $SP)
    kill $SP; wait $SP 2>/dev/null
    python3 - $OUT/$b-$r.json $s0 $s1 $OUT/ghz.cpu "$b round $r" $c0 $c1 <<'PY'
import json,sys
r=json.load(open(sys.argv[1])); n=max(r["count"],1); cpu=float(sys.argv[3])-float(sys.argv[2]); g=sum(map(float,open(sys.argv[4]).read().split()[-2:]))
pct={d["percentage"]:d["latency"]/1e6 for d in r.get("latencyDistribution") or []}
err=sum((r.get("errorDistribution") or {}).values())
crm=float(sys.argv[7])-float(sys.argv[6])
print(f"{sys.argv[5]:14s} crm threads {crm*1e6/n:4.0f} us/call {r['rps']:7.0f}/s p50 {pct.get(50,0):6.1f} ms p99 {pct.get(99,0):6.1f} ms errors {err} server cpu {cpu*1e6/n:5.0f} us/call ghz cpu {g*1e6/n:4.0f} us/call")
PY
  done
done
kill $(cat $OUT/redis.pid)
