#!/usr/bin/env bash
# Prints a bearer token for an agent (or, with --role, anyone), signed with the configured key
# (Security:Jwt:SigningKey in appsettings or Security__Jwt__SigningKey) or, in development mode,
# with the key in the credentials file the server wrote (found by scripts/dev-credentials.sh).
# Usage: scripts/token.sh AGENT [--role agent|supervisor|admin ...] [--tenant T] [--ttl 08:00:00]
#                              [--signing-key BASE64] [--credentials FILE]
# Use it as: grpcurl -H "authorization: Bearer $(scripts/token.sh ada)" ...
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi

subject="$1"
shift
roles=()
if [[ " $* " != *" --role "* ]]; then
  roles=(--role agent)
fi

dll=src/Routing.Server/bin/Release/net10.0/Routing.Server.dll
if [ ! -f "$dll" ]; then
  dotnet build src/Routing.Server -c Release -v quiet -nologo >&2
fi
if [[ " $* " != *" --credentials "* && " $* " != *" --signing-key "* ]] && credentials="$(scripts/dev-credentials.sh)"; then
  set -- "$@" --credentials "$credentials"
fi
exec dotnet "$dll" token "$subject" "${roles[@]}" "$@"
