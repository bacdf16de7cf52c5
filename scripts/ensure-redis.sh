#!/usr/bin/env bash
# Make sure a redis-server binary is available for the labs worker's Redis
# tests, and print its path.
#
#   1. $COURSE_REDIS_SERVER, if set, is used as it is.
#   2. redis-server on the PATH (or in /usr/sbin, /usr/bin).
#   3. Otherwise Debian's package `redis-server`, installed with apt-get when
#      running as root. The package's own service is not started: the tests
#      start their own server on a free loopback port.
# Prints nothing and exits 1 when none can be found or installed.
set -euo pipefail

if [[ -n "${COURSE_REDIS_SERVER:-}" ]]; then
  echo "$COURSE_REDIS_SERVER"; exit 0
fi

find_redis() {
  if command -v redis-server >/dev/null 2>&1; then command -v redis-server; return 0; fi
  for candidate in /usr/bin/redis-server /usr/sbin/redis-server /usr/local/bin/redis-server; do
    if [[ -x "$candidate" ]]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if path=$(find_redis); then echo "$path"; exit 0; fi

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing; installing Debian's package." >&2
  export DEBIAN_FRONTEND=noninteractive
  # policy-rc.d 101: the package must not start (or fail to start) its service here.
  policy=/usr/sbin/policy-rc.d
  made_policy=""
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=1
  fi
  status=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server; } >&2 \
    || status=$?
  [[ -n "$made_policy" ]] && rm -f "$policy"
  if [[ $status -eq 0 ]] && path=$(find_redis); then echo "$path"; exit 0; fi
fi

echo "No redis-server found, and it could not be installed (needs root and apt-get)." >&2
exit 1
