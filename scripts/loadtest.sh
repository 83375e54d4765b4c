#!/usr/bin/env bash
# Bounded load against a Routing server that is ALREADY RUNNING (this script never starts one).
#
# Usage: scripts/loadtest.sh [ghz-config.json ...]
#   Default configs: scripts/ghz/submit.json, then scripts/ghz/echo.json (the yardstick: the same
#   message through Diagnostics.Echo, which does no I/O). Also: scripts/ghz/submit-stream.json.
#   With ghz on PATH: runs each config, prints a summary of each and the Submit/Echo throughput ratio
#   (what share of a bare gRPC call's throughput survives validation, CRM lookup and the Redis write).
#   Without ghz: says how to install it and runs the project's own load generator instead
#   (src/Routing.Simulator: unary Submit, then SubmitStream).
#
# Environment:
#   ROUTING_TARGET   server address, default http://127.0.0.1:5080 (loopback only, unless
#                    ROUTING_ALLOW_REMOTE=1)
#   LOADTEST_COUNT, LOADTEST_CONCURRENCY, LOADTEST_DURATION
#                    simulator fallback bounds: default 20000 contacts, 64 in flight, 60 s
#   ROUTING_API_KEY  the gateway key sent as "authorization: ApiKey ..." (the ghz configs read it
#                    with {{env `ROUTING_API_KEY`}}); default: the key in the server's development
#                    credentials file, ROUTING_CREDENTIALS (default: scripts/dev-credentials.sh finds it)
#
# Start the server first, in another terminal:
#   dotnet run --project src/Routing.Server -c Release
# (on another port: dotnet run --project src/Routing.Server -c Release -- --Urls=http://127.0.0.1:5181
#  and ROUTING_TARGET=http://127.0.0.1:5181 scripts/loadtest.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

target="${ROUTING_TARGET:-http://127.0.0.1:5080}"
hostport="${target#*://}"
hostport="${hostport%%/*}"
host="${hostport%:*}"
port="${hostport##*:}"
host="${host#[}"
host="${host%]}"

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

case "$host" in
  127.*|localhost|::1) ;;
  *)
    if [ "${ROUTING_ALLOW_REMOTE:-0}" != "1" ]; then
      echo "Refusing to load $target: not a loopback address (set ROUTING_ALLOW_REMOTE=1 to override)." >&2
      exit 2
    fi
    ;;
esac

if ! timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then
  echo "Nothing is listening on $host:$port. Start the server first, in another terminal:" >&2
  if [ "$port" = "5080" ]; then
    echo "  dotnet run --project src/Routing.Server -c Release" >&2
  else
    echo "  dotnet run --project src/Routing.Server -c Release -- --Urls=http://$host:$port" >&2
  fi
  exit 1
fi

credentials="$(scripts/dev-credentials.sh || true)"
if [ -z "${ROUTING_API_KEY:-}" ] && [ -n "$credentials" ]; then
  ROUTING_API_KEY="$(sed -n 's/.*"gatewayKey": *"\([^"]*\)".*/\1/p' "$credentials")"
fi
if [ -z "${ROUTING_API_KEY:-}" ]; then
  echo "No gateway key: set ROUTING_API_KEY, or start the server in development mode (scripts/run.sh; it writes src/Routing.Server/data/dev-credentials.json)." >&2
  exit 1
fi
export ROUTING_API_KEY

if ! command -v ghz >/dev/null 2>&1; then
  cat <<EOF
ghz is not installed, so the ghz configs in scripts/ghz/ cannot run. To install it
(https://ghz.sh/docs/install), either download a release binary:
  mkdir -p ~/.local/bin
  curl -fsSL https://github.com/bojand/ghz/releases/latest/download/ghz-linux-x86_64.tar.gz | tar -xz -C ~/.local/bin ghz
or build it with Go:
  go install github.com/bojand/ghz/cmd/ghz@latest
Running the project's own load generator (src/Routing.Simulator) instead. The Echo yardstick needs ghz.

EOF
  count="${LOADTEST_COUNT:-20000}"
  concurrency="${LOADTEST_CONCURRENCY:-64}"
  duration="${LOADTEST_DURATION:-60}"
  status=0
  for mode in "" "--stream"; do
    # shellcheck disable=SC2086 # $mode is empty or one flag
    dotnet run --project src/Routing.Simulator -c Release -- ingest --target "$target" --api-key "$ROUTING_API_KEY" \
      --count "$count" --concurrency "$concurrency" --duration "$duration" $mode || status=$?
    echo
  done
  exit "$status"
fi

configs=("$@")
if [ "${#configs[@]}" -eq 0 ]; then
  configs=(scripts/ghz/submit.json scripts/ghz/echo.json)
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
for config in "${configs[@]}"; do
  name="$(basename "$config" .json)"
  echo "== ghz $config -> $hostport"
  if ! ghz --config "$config" --format json --output "$out/$name.json" "$hostport"; then
    echo "ghz failed for $config" >&2
    status=1
    continue
  fi

  if ! command -v python3 >/dev/null 2>&1; then
    cat "$out/$name.json"
    echo
    continue
  fi

  # One line per run; stream configs also report contacts/s (calls/s x messages per stream).
  python3 - "$config" "$out/$name.json" <<'EOF' || status=1
import json, sys
config, report = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ms = lambda ns: (ns or 0) / 1e6
pct = {d["percentage"]: d["latency"] for d in report.get("latencyDistribution") or []}
errors = sum((report.get("errorDistribution") or {}).values())
per_call = config.get("stream-call-count", 0) or 1
line = (f"{config['call']}: {report['count']} calls in {ms(report['total']) / 1000:.1f} s, "
        f"{report['rps']:.0f} calls/s, p50 {ms(pct.get(50)):.2f} ms, p99 {ms(pct.get(99)):.2f} ms, "
        f"slowest {ms(report.get('slowest')):.2f} ms, errors {errors}")
if per_call > 1:
    line += f", {report['rps'] * per_call:.0f} contacts/s ({per_call} per stream)"
print(line)
for status, n in sorted((report.get("statusCodeDistribution") or {}).items()):
    print(f"  {status}: {n}")
for error, n in sorted((report.get("errorDistribution") or {}).items())[:5]:
    print(f"  error x{n}: {error}")
sys.exit(1 if errors else 0)
EOF
  echo
done

if [ -f "$out/submit.json" ] && [ -f "$out/echo.json" ] && command -v python3 >/dev/null 2>&1; then
  python3 - "$out/submit.json" "$out/echo.json" <<'EOF'
import json, sys
submit, echo = (json.load(open(p)) for p in sys.argv[1:3])
print(f"Submit/Echo throughput: {submit['rps']:.0f} / {echo['rps']:.0f} calls/s = {submit['rps'] / echo['rps']:.2f} "
      "(the share of a bare gRPC call's throughput that routing keeps)")
EOF
fi
exit "$status"
