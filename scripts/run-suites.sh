#!/usr/bin/env bash
# Everything `make test` does, in the order that wastes the least time:
#
#   1. The project's own setup (`make -j2 setup`: Python and npm packages, the
#      Pyodide files) while redis-server and PostgreSQL are found or
#      installed (scripts/ensure-redis.sh, ensure-postgres.sh: apt-get,
#      mostly waiting on downloads).
#   2. Lint and the unit tests start in the background, at the lowest CPU
#      priority (the unit tests in one process: see the Makefile). They need no
#      browser, so meanwhile a Chromium is found or installed
#      (scripts/ensure-browser.sh, which needs the project's Python).
#   3. The e2e tests, in the foreground with their output live (one
#      process unless E2E_PROCESSES says otherwise: see the Makefile).
#      What CPU they leave (waiting on pages and timeouts) goes to lint
#      and the unit tests.
#
# The background's output is kept in test-results/lint-and-unit.log and
# printed once both are done. Fails if any step fails (pytest's exit 5,
# no tests collected, included). A tool set in the environment
# (COURSE_BROWSER, COURSE_REDIS_SERVER, COURSE_POSTGRES_BIN) is used as it is.
set -uo pipefail
make="${MAKE:-make}"
py=.venv/bin/python  # made by `make setup`
mkdir -p test-results
log=test-results/lint-and-unit.log
services=test-results/services.paths  # redis-server, then the PostgreSQL folder
background=()
started=$(date +%s)
rm -f test-results/lint-and-unit.done
since() { echo $(( $(date +%s) - started )); }  # seconds since the start
trap 'kill "${background[@]}" 2>/dev/null' INT TERM

# 1. Setup, and the services beside it (one after the other: apt-get holds a lock).
{
  redis=$(scripts/ensure-redis.sh) || redis=""
  postgres=$(scripts/ensure-postgres.sh) || postgres=""
  printf '%s\n%s\n' "$redis" "$postgres" >"$services"
} &
background+=($!)
# -j2: the Python packages and the npm ones install side by side.
"$make" --no-print-directory -j2 setup
setup_status=$?
setup_done=$(since)
wait "${background[0]}"
{ read -r redis; read -r postgres; } <"$services"
if [[ $setup_status -ne 0 ]]; then
  echo "make setup failed (exit $setup_status)" >&2
  exit 1
fi
export COURSE_REDIS_SERVER="$redis" COURSE_POSTGRES_BIN="$postgres"

# 2. Lint and the unit tests; -k: the unit tests run even when lint fails.
# nice 19, not SCHED_IDLE: starved outright while the browser is busy, the
# timing tests of the labs worker (a stalled upstream, say) fail.
{
  nice -n 19 "$make" --no-print-directory -k lint unit UNIT_PROCESSES=0
  status=$?
  since >test-results/lint-and-unit.done
  exit "$status"
} >"$log" 2>&1 &
unit=$!
background+=("$unit")
if ! browser=$(PYTHON="$py" scripts/ensure-browser.sh); then
  echo "no browser for the e2e tests (scripts/ensure-browser.sh failed)" >&2
  e2e_status=1
else
  export COURSE_BROWSER="$browser"
  # 3. The e2e tests.
  "$make" --no-print-directory e2e
  e2e_status=$?
  e2e_done=$(since)
fi

wait "$unit"
unit_status=$?  # lint's and the unit tests' together
trap - INT TERM
echo
echo "== lint and unit tests (run beside the e2e tests; $log) =="
cat "$log"
echo
echo "lint and unit tests: exit $unit_status; e2e tests: exit $e2e_status"
echo "seconds from the start: setup done at $setup_done, e2e done at ${e2e_done:-?}," \
  "lint and unit done at $(cat test-results/lint-and-unit.done 2>/dev/null || echo ?), all at $(since)"
if [[ $unit_status -ne 0 || $e2e_status -ne 0 ]]; then
  exit 1
fi
