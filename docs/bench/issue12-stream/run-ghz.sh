# Harness used for docs/bench/issue12-stream (issue 12, SubmitStream batches): one server build (BUILD dir = a copy of
# src/Routing.Server/bin/Release/net10.0) against a fresh redis-server with AOF everysec; ghz 0.121 with scripts/ghz/submit-stream.json,
# max-duration dropped so 'total' bounds the run, timeout around it. Usage: run.sh LABEL BUILD PORT STREAMS
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
timeout 60 $G --config $W/warm.json --format json --output $W/warm-out.json >/dev/null 2>&1
redis-cli -p $RPORT config resetstat >/dev/null
S0=$(awk '{print $14+$15}' /proc/$SPID/stat); R0=$(awk '{print $14+$15}' /proc/$RPID/stat)
/usr/bin/time -f "%U %S %e" -o $W/ghz-time timeout 200 $G --config $W/ghz.json --format json --output $W/out.json >/dev/null 2>&1
S1=$(awk '{print $14+$15}' /proc/$SPID/stat); R1=$(awk '{print $14+$15}' /proc/$RPID/stat)
redis-cli -p $RPORT info commandstats | tr -d '\r' | grep cmdstat > $W/commandstats.txt
redis-cli -p $RPORT dbsize > $W/dbsize.txt
kill $SPID; wait $SPID 2>/dev/null; kill $RPID; wait $RPID 2>/dev/null
python3 - $W $((S1-S0)) $((R1-R0)) <<'PY'
import json,sys
w=sys.argv[1]; r=json.load(open(w+'/out.json'))
u,s,e=open(w+'/ghz-time').read().split()
n=r['count']*100
errs=sum((r.get('errorDistribution') or {}).values())
tot=r['total']/1e9
print(f"{w}: streams {r['count']} contacts {n} in {tot:.2f}s = {r['rps']*100:.0f} contacts/s, stream errors {errs}; ghz cpu {float(u)+float(s):.2f}s ({(float(u)+float(s))/float(e)*100:.0f}% of one core); server cpu {int(sys.argv[2])/100:.2f}s ({int(sys.argv[2])*10000/n:.0f} us/contact); redis cpu {int(sys.argv[3])/100:.2f}s ({int(sys.argv[3])*10000/n:.0f} us/contact)")
for d in r.get('statusCodeDistribution',{}).items(): print(' status',d)
PY
cat $W/commandstats.txt | awk -F'[:=,]' '{printf "  %s calls=%s usec_per_call=%s\n",$1,$3,$7}' | sort -t= -k2 -nr | head -8
