#!/usr/bin/env bash
# The suite on a busy machine: runs `npm test` with CPU-burning processes beside it (two by default), as CI
# runners and shared machines are, and always stops them (on success, failure, Ctrl-C or SIGTERM).
#
#   scripts/ci-under-load.sh                           # npm test (build, then the whole suite) beside 2 burners
#   scripts/ci-under-load.sh test/e2e/apply.test.ts    # only these vitest arguments (after a build)
#   REELFORM_LOAD_BURNERS=4 scripts/ci-under-load.sh   # more burners
#   REELFORM_TEST_SEED=123 scripts/ci-under-load.sh    # replay the random timings of a failed run (its seed is printed)
#
# Exit code: the test run's. It prints the wall time and the seed (vitest prints "test seed N").
set -uo pipefail
cd "$(dirname "$0")/.."

burners="${REELFORM_LOAD_BURNERS:-2}"
if ! [[ "$burners" =~ ^[0-9]+$ ]]; then
  echo "ci-under-load: REELFORM_LOAD_BURNERS must be a whole number, got \"$burners\"" >&2
  exit 2
fi

# Every background job in its own process group: an interrupt can then stop the whole test run (npm, vitest
# and its workers), and the script does not wait for the suite to finish before stopping the burners.
set -m

pids=()
tests=""
stop_burners() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  pids=()
}
interrupted() {
  if [ -n "$tests" ]; then kill -TERM -- "-$tests" 2>/dev/null; fi
  stop_burners
  exit 130
}
trap stop_burners EXIT
trap interrupted INT TERM HUP

for ((i = 0; i < burners; i++)); do
  # A busy loop in its own shell: one core's worth of load each, until killed.
  bash -c 'while :; do :; done' &
  pids+=("$!")
done
echo "ci-under-load: ${burners} CPU burner(s) running (pids ${pids[*]:-none}) on $(nproc) core(s)"

run_tests() {
  if [ "$#" -eq 0 ]; then
    npm test
  else
    npm run build >/dev/null && npx vitest run "$@"
  fi
}

started=$(date +%s)
# In the background and waited for, so that a signal to this script is handled at once.
run_tests "$@" &
tests=$!
wait "$tests"
status=$?
tests=""
echo "ci-under-load: exit ${status} after $(($(date +%s) - started)) s beside ${burners} burner(s)"
exit "$status"
