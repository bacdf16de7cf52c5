#!/usr/bin/env bash
# Serve the site with live reload, and the labs worker beside it in its
# offline default (the practice peer: no key, no network).
#   HOST, PORT        where the site is served (127.0.0.1:8000)
#   LABS_PORT         where the labs worker listens (8787)
#   LABS_URL          a labs worker elsewhere: then none is started here
# An edit under docs/ or overrides/ reloads the page: the browser code's
# bundles are rebuilt as its modules change (esbuild's watch mode), and
# MkDocs watches the theme as well as the docs. (Bash 3.2 too, as macOS has it.)
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
# esbuild's watch mode stops when its input closes, and only this script holds
# it open (descriptor 3): the watcher ends with the script, however that ends.
exec 3> >(exec npm run --silent build:browser -- --watch --log-level=warning)
echo "Site: http://$host:$port/   Labs worker: $LABS_URL"
"$py" -m mkdocs serve --dev-addr "$host:$port" --watch-theme 3>&-
