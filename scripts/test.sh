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
line=$(scripts/trx-summary.sh "$results"/*.trx)
passed=$(echo "$line" | grep -o '^[0-9]*')
failed=$(echo "$line" | grep -o '[0-9]* failed' | grep -o '[0-9]*')
[ "$failed" -eq 0 ] || status=1
[ "$passed" -gt 0 ] || status=1
echo "$line"
exit $status
