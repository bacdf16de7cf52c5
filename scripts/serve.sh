#!/usr/bin/env bash
# Serve the site with live reload, and the labs worker beside it in its
# offline default (the practice peer: no key, no network).
#   HOST, PORT        where the site is served (127.0.0.1:8000)
#   LABS_PORT         where the labs worker listens (8787)
#   LABS_URL          a labs worker elsewhere: then none is started here
set -euo pipefail
py="${PYTHON:-.venv/bin/python}"
host="${HOST:-127.0.0.1}"
port="${PORT:-8000}"
labs_port="${LABS_PORT:-8787}"

if [[ -z "${LABS_URL:-}" ]]; then
  "$py" -m labs_worker --host "$host" --port "$labs_port" \
    --origins "http://$host:$port,http://localhost:$port" &
  worker=$!
  trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
  export LABS_URL="http://$host:$labs_port"
fi
echo "Site: http://$host:$port/   Labs worker: $LABS_URL"
"$py" -m mkdocs serve --dev-addr "$host:$port"
