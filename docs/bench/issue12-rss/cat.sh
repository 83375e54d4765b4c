#!/usr/bin/env bash
# cat.sh GCDUMP N: live managed bytes per idle desk stream, by who allocates them (types with >= 0.9 N instances).
/tmp/rss-tools/dotnet-gcdump report "$1" 2>&1 | tail -n +5 | awk -v n="$2" '
{ s=$1; c=$2; gsub(",","",s); gsub(",","",c); $1=""; $2=""; t=$0; b=s*c; total+=b
  if (c+0 < 0.9*n) next
  k="other (System collections, strings, tasks, locks, CTS)"
  if (t ~ /Routing\./) k="Routing (desk session, runner, interceptors)"
  if (t ~ /Grpc/) k="Grpc.AspNetCore (call context, reader/writer, invokers)"
  if (t ~ /Kestrel|Pipelines|Microsoft.AspNetCore.Http\.|HostingApplication|Hosting.dll|RequestServices|ServiceLookup|DependencyInjection/) k="Kestrel HTTP/2 stream, HttpContext, pipes, request scope"
  if (t ~ /Claim|IdentityModel|Authentication|Authorization|JsonWebToken/) k="authentication (JWT principal, claims, handlers)"
  if (t ~ /Diagnostics.Activity|DiagNode|TagsLinkedList|HttpMetricsTags|Logging/) k="tracing/metrics/logging per request"
  cat[k]+=b; per+=b }
END { for (k in cat) printf "%8.0f B  %s\n", cat[k]/n, k; printf "%8.0f B  total in per-stream types; whole heap %.1f MiB\n", per/n, total/1048576 }' | sort -rn
