#!/usr/bin/env bash
# Runs `npm run <script>` for each script named, all at once, and fails when any of them failed (.ci/run's
# static checks: each is one single-threaded process, so on 2 cores they take about half their serial time).
# Each one's output is kept apart and printed whole, in the order given, with its exit code, so the log reads
# as if they had run one after another; every check has its say before the exit code is decided.
#
#   scripts/run-checks.sh typecheck lint format:check
set -uo pipefail

if [ "$#" -eq 0 ]; then
  echo "run-checks: name at least one npm script" >&2
  exit 2
fi
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

pids=()
i=0
for check in "$@"; do
  npm run "$check" >"$logs/$i.log" 2>&1 &
  pids+=("$!")
  i=$((i + 1))
done

failed=()
i=0
for check in "$@"; do
  wait "${pids[$i]}"
  status=$?
  echo "::group::npm run ${check} (exit ${status})"
  cat "$logs/$i.log"
  echo "::endgroup::"
  if [ "$status" -ne 0 ]; then failed+=("${check} (exit ${status})"); fi
  i=$((i + 1))
done

if [ "${#failed[@]}" -ne 0 ]; then
  echo "run-checks: failed: ${failed[*]}" >&2
  exit 1
fi
echo "run-checks: passed: $*"
