#!/usr/bin/env bash
# Prints "N passed, N failed[, N skipped]" for the .trx files given (scripts/test.sh's closing line).
# A trx's <Counters> holds total, executed and passed; a skipped test is counted in total but not in executed
# (notExecuted stays 0 for xunit skips), so skipped = total - executed.
set -uo pipefail
passed=0; failed=0; skipped=0
for trx in "$@"; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { local n; n=$(echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); echo "${n:-0}"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get total) - $(get executed)))
done
line="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || line="$line, $skipped skipped"
echo "$line"
