#!/usr/bin/env bash
# Make sure PostgreSQL's server programs (initdb, pg_ctl, postgres) are available
# for the labs worker's roster tests, and print the folder that holds them.
#
#   1. $COURSE_POSTGRES_BIN, if set, is used as it is.
#   2. The folder of `initdb` on the PATH (symlinks followed: Debian links
#      /usr/local/bin/initdb to /usr/lib/postgresql/N/bin), or the newest
#      /usr/lib/postgresql/*/bin.
#   3. Otherwise Debian's package `postgresql`, installed with apt-get when
#      running as root. The package's own service is not started: the tests
#      start their own server on a free loopback port, in a throwaway folder.
# Prints nothing and exits 1 when none can be found or installed.
set -euo pipefail

if [[ -n "${COURSE_POSTGRES_BIN:-}" ]]; then
  echo "$COURSE_POSTGRES_BIN"; exit 0
fi

find_postgres() {
  local initdb dir
  if initdb=$(command -v initdb 2>/dev/null); then
    dir=$(dirname "$(readlink -f "$initdb")")
    if [[ -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then echo "$dir"; return 0; fi
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
      echo "$dir"; return 0
    fi
  done
  return 1
}

if path=$(find_postgres); then echo "$path"; exit 0; fi

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL is missing; installing Debian's package." >&2
  export DEBIAN_FRONTEND=noninteractive
  # policy-rc.d 101: the package must not start (or fail to start) its service here.
  policy=/usr/sbin/policy-rc.d
  made_policy=""
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && made_policy=1
  fi
  status=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql; } >&2 \
    || status=$?
  [[ -n "$made_policy" ]] && rm -f "$policy"
  if [[ $status -eq 0 ]] && path=$(find_postgres); then echo "$path"; exit 0; fi
fi

echo "No PostgreSQL server found, and it could not be installed (needs root and apt-get)." >&2
exit 1
