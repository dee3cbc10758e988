#!/usr/bin/env bash
# Issue 17: a cold scan from a local registry against the same image as an OCI layout, whole process, in the same
# rounds. Starts its own docker-registry (plain HTTP) on a free 127.0.0.1 port, pushes the image with skopeo, then per
# round scans `oci:DIR:TAG` and `registry:127.0.0.1:PORT/bench:latest --insecure-registry 127.0.0.1:PORT`, both with
# --no-cache; prints wall and CPU (user + sys) medians, peak RSS, the median per-round ratios (target <= 1.1x), and
# whether the registry scan wrote anything under its temp area (it must stream: no temp file), watched in a scan of its
# own, untimed.
# Usage: [RUNS=5] [SCANNERS=controls] bench/registry-bench.sh [OCI_DIR:TAG]  (default /tmp/drydock-bench/oci:bench)
# DRYDOCK_BIN may point at an AOT build.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:-/tmp/drydock-bench/oci:bench}
DIR=${TARGET%:*}
[ -d "$DIR/blobs" ] || { echo "registry-bench: no OCI layout at $DIR; run bench/build-bench-image.sh first" >&2; exit 2; }
for tool in docker-registry skopeo curl; do
  command -v "$tool" >/dev/null || { echo "registry-bench: $tool is not installed (scripts/install-deps.sh)" >&2; exit 2; }
done
if [ -z "${DRYDOCK_BIN:-}" ]; then
  DRYDOCK=(dotnet src/Drydock.Cli/bin/Release/net10.0/drydock.dll)
  [ -f "${DRYDOCK[1]}" ] || { echo "registry-bench: build first: dotnet build src/Drydock.Cli -c Release" >&2; exit 2; }
else
  DRYDOCK=("$DRYDOCK_BIN")
fi
WORK=$(mktemp -d /tmp/drydock-registry-bench.XXXXXX)
REGISTRY_PID=
cleanup() { [ -n "$REGISTRY_PID" ] && kill "$REGISTRY_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

. bench/lib-registry.sh
start_registry registry-bench
# --preserve-digests: the registry serves the very blobs of the layout (same compression, same digests).
skopeo copy --quiet --preserve-digests --dest-tls-verify=false "oci:$TARGET" "docker://$HOST/bench:latest"

COMMON=(--no-cache --quiet --scanners "${SCANNERS:-controls}")
measure() { # prints "wall_s cpu_s peak_rss_mb" of one run (bench/rusage.py: wall to the 0.1 ms, not /usr/bin/time's 10 ms)
  MEASURE_STDERR="$WORK/stderr.log" python3 bench/rusage.py "$@"
}
RUNS=${RUNS:-5}
echo "image: $TARGET pushed to $HOST/bench:latest, $RUNS round(s): image … ${COMMON[*]}"
REGISTRY_SCAN=(image "registry:$HOST/bench:latest" --insecure-registry "$HOST" "${COMMON[@]}")
# One untimed scan watched every 20 ms for files under its temp area (a blob spooled to disk would show here). The
# watcher is a process started 50 times a second: inside the timed rounds it took CPU from the scan on two cores.
mkdir -p "$WORK/t0"
( while :; do find "$WORK/t0" -type f 2>/dev/null; sleep 0.02; done ) >> "$WORK/seen.txt" &
WATCH=$!
DRYDOCK_CACHE_DIR="$WORK/r0" DRYDOCK_TEMP_DIR="$WORK/t0" "${DRYDOCK[@]}" "${REGISTRY_SCAN[@]}" >/dev/null 2>>"$WORK/stderr.log"
kill "$WATCH"; wait "$WATCH" 2>/dev/null || true
: > "$WORK/rounds.txt"
for round in $(seq 1 "$RUNS"); do
  mkdir -p "$WORK/t$round"
  oci=$(DRYDOCK_CACHE_DIR="$WORK/c$round" measure "${DRYDOCK[@]}" image "oci:$TARGET" "${COMMON[@]}")
  reg=$(DRYDOCK_CACHE_DIR="$WORK/r$round" DRYDOCK_TEMP_DIR="$WORK/t$round" measure "${DRYDOCK[@]}" "${REGISTRY_SCAN[@]}")
  echo "$oci $reg" >> "$WORK/rounds.txt"
done
if [ -s "$WORK/stderr.log" ]; then echo "stderr of the scans:"; cat "$WORK/stderr.log"; fi
echo "files seen under the watched registry scan's temp area while it ran: $(sort -u "$WORK/seen.txt" | wc -l); left in the timed rounds' temp areas: $(find "$WORK"/t[1-9]* -type f 2>/dev/null | wc -l)"
python3 - "$WORK/rounds.txt" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
med = lambda c: statistics.median(r[c] for r in rows)
for i, n in enumerate(["drydock image oci: (layout)", "drydock image registry: (local)"]):
    print(f"{n:<32} wall {med(3*i):6.3f} s  cpu {med(3*i+1):6.3f} s  peak {max(r[3*i+2] for r in rows):6.1f} MB  (wall rounds: {' '.join(f'{r[3*i]:.3f}' for r in rows)})")
wall = statistics.median(r[3] / r[0] for r in rows)
cpu = statistics.median(r[4] / r[1] for r in rows)
print(f"registry / layout: median ratio wall {wall:.2f}x, cpu {cpu:.2f}x (target <= 1.1x)")
print(f"load average: {open('/proc/loadavg').read().split()[0]}")
PY
