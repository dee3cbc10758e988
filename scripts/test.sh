#!/usr/bin/env bash
# Builds Drydock and runs every test (unit + integration), then prints one line: "N passed, N failed[, N skipped]".
# Integration tests start their own real servers (docker-registry, dockerd, ...) under $DRYDOCK_TEST_ROOT.
set -uo pipefail
cd "$(dirname "$0")/.."
results="${DRYDOCK_TEST_RESULTS:-$(mktemp -d /tmp/drydock-results.XXXXXX)}"
mkdir -p "$results"
dotnet build Drydock.slnx -c Release -m:1 -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
status=0
for project in tests/Drydock.Tests tests/Drydock.IntegrationTests; do
  name=$(basename "$project")
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=normal" \
    > "$results/$name.log" 2>&1 || status=1
  grep -E "^\s*(Failed|Skipped) |Total tests|Passed!|Failed!|error" "$results/$name.log" | tail -60 >&2
done
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || status=1
line="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || line="$line, $skipped skipped"
echo "$line"
exit $status
