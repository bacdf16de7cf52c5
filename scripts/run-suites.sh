#!/usr/bin/env bash
# The checks of `make test`: lint and the unit tests beside the e2e tests.
#
# The e2e tests drive one browser and leave about a fifth of the machine's
# cores idle; lint and the unit tests are CPU-bound. So they run in the
# background at the lowest CPU priority (the unit tests on every core,
# pytest-xdist), in the time the e2e tests leave, while the e2e tests run in
# the foreground with their output live. The background's output is kept in
# test-results/lint-and-unit.log and printed once both are done. Fails if
# any of them fails (pytest's exit 5, no tests collected, included).
set -uo pipefail
make="${MAKE:-make}"
mkdir -p test-results
log=test-results/lint-and-unit.log

# -k: the unit tests run even when lint fails; both failures are reported.
nice -n 19 "$make" --no-print-directory -k lint unit >"$log" 2>&1 &
unit=$!
trap 'kill "$unit" 2>/dev/null' INT TERM

"$make" --no-print-directory e2e
e2e_status=$?

wait "$unit"
unit_status=$?  # lint's and the unit tests' together
trap - INT TERM
echo
echo "== lint and unit tests (run beside the e2e tests; $log) =="
cat "$log"
echo
echo "lint and unit tests: exit $unit_status; e2e tests: exit $e2e_status"
if [[ $unit_status -ne 0 || $e2e_status -ne 0 ]]; then
  exit 1
fi
