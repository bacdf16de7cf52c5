#!/usr/bin/env bash
# The unit and e2e suites of `make test`, run at the same time.
#
# The e2e tests drive one browser and leave about a fifth of the machine's
# cores idle; the unit tests are CPU-bound. So the unit tests run in the
# background at the lowest CPU priority (on every core, pytest-xdist), and
# take only the time the e2e tests leave, while the e2e tests run in the
# foreground with their output live. The unit tests' output is kept in
# test-results/unit.log and printed once both are done. Fails if either
# suite fails (pytest's exit 5, no tests collected, included).
set -uo pipefail
make="${MAKE:-make}"
mkdir -p test-results
log=test-results/unit.log

nice -n 19 "$make" --no-print-directory unit >"$log" 2>&1 &
unit=$!
trap 'kill "$unit" 2>/dev/null' INT TERM

"$make" --no-print-directory e2e
e2e_status=$?

wait "$unit"
unit_status=$?
trap - INT TERM
echo
echo "== unit tests (run beside the e2e tests; $log) =="
cat "$log"
echo
echo "unit tests: exit $unit_status; e2e tests: exit $e2e_status"
if [[ $unit_status -ne 0 || $e2e_status -ne 0 ]]; then
  exit 1
fi
