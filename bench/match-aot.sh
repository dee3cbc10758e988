#!/usr/bin/env bash
# Issue 17, "match 1,000 installed packages against 1,000,000 advisory rows, after open", with NativeAOT code (the
# shipped binary has no JIT; the JIT bench's tier-0 code and background compiles swing its figure by 1-12 ms).
#
#   bench/match-aot.sh                                  # publish bench/Drydock.Benchmarks as NativeAOT, then run it
#   BIN=/tmp/x/Drydock.Benchmarks bench/match-aot.sh    # run an AOT bench binary published earlier
#   BASELINE_BIN=/tmp/before/Drydock.Benchmarks BIN=/tmp/after/Drydock.Benchmarks ROUNDS=3 RUNS=9 bench/match-aot.sh
#                                                       # before / after alternating, same data, load beside each
#
# Each round runs `Drydock.Benchmarks match RUNS` (a fresh store per run; "after open" is the figure a scan pays) and
# prints its median line: wall and process CPU (user + sys) of the match, and the load average. The database is
# generated once under $TMPDIR/drydock-bench (delete vuln-1m.db after a schema change). Exit 2 on bad input.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${RUNS:-9}
rounds=${ROUNDS:-3}
case "$runs$rounds" in (*[!0-9]*|'') echo "match-aot.sh: RUNS and ROUNDS must be whole numbers" >&2; exit 2;; esac

if [[ -z "${BIN:-}" ]]; then
  out=${OUT:-${TMPDIR:-/tmp}/drydock-bench-aot}
  echo "publishing bench/Drydock.Benchmarks (NativeAOT) into $out" >&2
  dotnet publish "$here/Drydock.Benchmarks" -c Release -r linux-x64 -p:PublishAot=true -o "$out" -m:1 -nologo -clp:ErrorsOnly >&2
  BIN=$out/Drydock.Benchmarks
fi
for bin in "$BIN" ${BASELINE_BIN:+"$BASELINE_BIN"}; do
  [[ -x "$bin" ]] || { echo "match-aot.sh: no executable at $bin" >&2; exit 2; }
done

for ((round = 1; round <= rounds; round++)); do
  for pair in ${BASELINE_BIN:+"before=$BASELINE_BIN"} "after=$BIN"; do
    label=${pair%%=*}
    [[ -z "${BASELINE_BIN:-}" ]] && label=aot
    line=$("${pair#*=}" match "$runs" | grep '^median')
    echo "round $round $label: ${line#median: }"
  done
done
