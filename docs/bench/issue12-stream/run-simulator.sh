# Same as run-ghz.sh with the project's simulator (ingest --stream --concurrency 64) as load generator.
#!/usr/bin/env bash
# usage: run.sh LABEL BUILD_DIR PORT STREAMS   -> one server of BUILD_DIR against fresh redis (AOF everysec), ghz submit-stream
set -uo pipefail
LABEL=$1; BUILD=$2; PORT=$3; STREAMS=${4:-300}; shift 4
W=/tmp/sbench/$LABEL; rm -rf $W; mkdir -p $W
RPORT=$((PORT+1000))
redis-server --port $RPORT --bind 127.0.0.1 --save '' --appendonly yes --appendfsync everysec --dir $W --daemonize no --loglevel warning >$W/redis.log 2>&1 &
RPID=$!
sleep 0.5
dotnet $BUILD/Routing.Server.dll --contentRoot /work/wt/stream/src/Routing.Server --Urls http://127.0.0.1:$PORT \
  --Redis:ConnectionString 127.0.0.1:$RPORT --Crm:ConnectionString "Data Source=$W/crm.db" \
  --Security:Development:CredentialsFile $W/cred.json --Engine:WrapUp 00:00:00 --Logging:LogLevel:Default Warning "$@" >$W/server.log 2>&1 &
SPID=$!
for i in $(seq 1 120); do ss -ltn | grep -q ":$PORT " && break; sleep 0.25; done
python3 - $PORT $STREAMS $W <<'PY'
import json,sys
c=json.load(open('/work/wt/stream/scripts/ghz/submit-stream.json'))
c['host']='127.0.0.1:'+sys.argv[1]; c.pop('max-duration',None); c['total']=int(sys.argv[2])
json.dump(c,open(sys.argv[3]+'/ghz.json','w'))
c['total']=20; json.dump(c,open(sys.argv[3]+'/warm.json','w'))
PY
export ROUTING_API_KEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["gatewayKey"])' $W/cred.json)
G=/work/shared/tools/bin/ghz
timeout 60 dotnet /tmp/sbench/sim/Routing.Simulator.dll ingest --stream --count 3000 --concurrency 64 --duration 30 --target http://127.0.0.1:$PORT --credentials $W/cred.json --quiet >/dev/null 2>&1
redis-cli -p $RPORT config resetstat >/dev/null
S0=$(awk '{print $14+$15}' /proc/$SPID/stat); R0=$(awk '{print $14+$15}' /proc/$RPID/stat)
/usr/bin/time -f "%U %S %e" -o $W/ghz-time timeout 200 dotnet /tmp/sbench/sim/Routing.Simulator.dll ingest --stream --count $((STREAMS*100)) --concurrency 64 --duration 60 --target http://127.0.0.1:$PORT --credentials $W/cred.json --quiet --json $W/out.json > $W/sim.txt 2>&1
S1=$(awk '{print $14+$15}' /proc/$SPID/stat); R1=$(awk '{print $14+$15}' /proc/$RPID/stat)
redis-cli -p $RPORT info commandstats | tr -d '\r' | grep cmdstat > $W/commandstats.txt
redis-cli -p $RPORT dbsize > $W/dbsize.txt
kill $SPID; wait $SPID 2>/dev/null; kill $RPID; wait $RPID 2>/dev/null
U=$(awk '{print $1+$2}' $W/ghz-time); E=$(awk '{print $3}' $W/ghz-time)
echo "$W: $(tail -1 $W/sim.txt); simulator cpu ${U}s of ${E}s wall; server cpu $(( (S1-S0) ))0 ms; redis cpu $(( (R1-R0) ))0 ms"
cat $W/commandstats.txt | grep evalsha
