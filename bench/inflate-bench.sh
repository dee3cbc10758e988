#!/usr/bin/env bash
# Issue 17: a cold `drydock image` against the physical floor, ISA-L's `igzip -dc` of the same layer blobs (`zstd -dc`
# for zstd layers: bench/build-many-layer-image.sh makes both kinds), measured
# in the same round, with the ISA-L inflate path (default when libisal loads) and the managed one (DRYDOCK_INFLATE=managed).
# Usage: [RUNS=5] [SCANNERS=controls] [DB=path/to/vuln.db] bench/inflate-bench.sh [OCI_DIR:TAG]
# (default image /tmp/drydock-bench/oci:bench from bench/build-bench-image.sh; DRYDOCK_BIN may point at an AOT build;
# with DB set the scan runs --scanners vuln,controls against it). BASELINE_BIN=/path/to/other/drydock adds that binary's
# run (default decoder) to every round, so a change is compared with its baseline under the same load.
# Each round also times the digest floor (bench/floor-digests.c, built here when cc and libisal-dev are present): decode
# and SHA-256 of every blob and its tar with nothing else, on 1 and on 2 threads: the least any scan that verifies both
# digests can spend.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:-/tmp/drydock-bench/oci:bench}
DIR=${TARGET%:*}
[ -d "$DIR/blobs" ] || { echo "inflate-bench: no OCI layout at $DIR; run bench/build-bench-image.sh first" >&2; exit 2; }
command -v igzip >/dev/null || { echo "inflate-bench: igzip not found (apt-get install isal)" >&2; exit 2; }
if [ -z "${DRYDOCK_BIN:-}" ]; then
  DRYDOCK=(dotnet src/Drydock.Cli/bin/Release/net10.0/drydock.dll)
  [ -f "${DRYDOCK[1]}" ] || { echo "inflate-bench: build first: dotnet build src/Drydock.Cli -c Release" >&2; exit 2; }
else
  DRYDOCK=("$DRYDOCK_BIN")
fi
SCAN=(image "oci:$TARGET" --no-cache --quiet)
if [ -n "${DB:-}" ]; then SCAN+=(--scanners vuln,controls --db "$DB"); else SCAN+=(--scanners "${SCANNERS:-controls}"); fi
WORK=$(mktemp -d /tmp/drydock-inflate-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
python3 - "$DIR" > "$WORK/layers.txt" <<'PY'
import json, os, sys
d = sys.argv[1]
def blob(dg): return os.path.join(d, "blobs", *dg.split(":"))
for m in json.load(open(os.path.join(d, "index.json")))["manifests"]:
    manifest = json.load(open(blob(m["digest"])))
    diff_ids = json.load(open(blob(manifest["config"]["digest"])))["rootfs"]["diff_ids"]
    for l, diff_id in zip(manifest.get("layers", []), diff_ids):
        # The floor of each layer is the fastest single-core decoder of its compression: igzip for gzip, zstd for zstd.
        print("zstd" if l["mediaType"].endswith("+zstd") else "igzip", blob(l["digest"]), l["digest"], diff_id)
PY
# The floor of a scan that verifies both digests (bench/floor-digests.c: decode + SHA-256 of blob and tar, nothing
# else), on one thread and on two taking whole layers; its digests are checked against the manifest and config.
FLOOR=""
if command -v cc >/dev/null && [ -f /usr/include/isa-l/igzip_lib.h ] &&
   cc -O2 -o "$WORK/floor-digests" bench/floor-digests.c -lisal -l:libcrypto.so.3 -l:libzstd.so.1 -lpthread 2>"$WORK/cc.log"; then
  FLOOR="$WORK/floor-digests"
  cut -d' ' -f2 "$WORK/layers.txt" | xargs "$FLOOR" > "$WORK/floor.txt"
  cut -d' ' -f3,4 "$WORK/layers.txt" | cmp -s - "$WORK/floor.txt" ||
    { echo "inflate-bench: floor-digests gave other digests than the manifest and config:" >&2; diff <(cut -d' ' -f3,4 "$WORK/layers.txt") "$WORK/floor.txt" >&2; exit 1; }
else
  echo "inflate-bench: no digest floor (needs cc and libisal-dev: apt-get install clang libisal-dev)" >&2
fi
# One run: "wall_s cpu_s peak_rss_mb". On a shared machine the wall time includes waiting for a core, so the ratios are
# taken on CPU time (user + sys) as well; both are printed.
measure() { # prints "wall_s cpu_s peak_rss_mb" of one run (bench/rusage.py: wall to the 0.1 ms, not /usr/bin/time's 10 ms)
  MEASURE_STDERR="$WORK/stderr.log" python3 bench/rusage.py "$@"
}
RUNS=${RUNS:-5}
echo "image: $TARGET ($(wc -l < "$WORK/layers.txt") layer(s), $(cut -d' ' -f2 "$WORK/layers.txt" | xargs du -cb | tail -1 | cut -f1) bytes stored), $RUNS round(s): ${SCAN[*]}"
echo "drydock version --verbose: $("${DRYDOCK[@]}" version --verbose | tr '\n' ';')"
: > "$WORK/rounds.txt"
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
for round in $(seq 1 "$RUNS"); do
  igz=$(measure sh -c 'while read -r tool f _; do "$tool" -dc < "$f" > /dev/null; done < "$1"' sh "$WORK/layers.txt")
  gz=$(measure sh -c 'while read -r tool f _; do if [ "$tool" = igzip ]; then gzip -dc < "$f"; else zstd -dc --no-progress < "$f"; fi > /dev/null; done < "$1"' sh "$WORK/layers.txt")
  isal=$(DRYDOCK_CACHE_DIR="$WORK/c$round" measure "${DRYDOCK[@]}" "${SCAN[@]}")
  managed=$(DRYDOCK_INFLATE=managed DRYDOCK_CACHE_DIR="$WORK/m$round" measure "${DRYDOCK[@]}" "${SCAN[@]}")
  if [ -n "${BASELINE_BIN:-}" ]; then
    base=$(DRYDOCK_CACHE_DIR="$WORK/b$round" measure "$BASELINE_BIN" "${SCAN[@]}")
  else
    base="0 0 0"
  fi
  if [ -n "$FLOOR" ]; then
    floor1=$(THREADS=1 measure sh -c 'cut -d" " -f2 "$1" | xargs "$2"' sh "$WORK/layers.txt" "$FLOOR")
    floor2=$(THREADS=2 measure sh -c 'cut -d" " -f2 "$1" | xargs "$2"' sh "$WORK/layers.txt" "$FLOOR")
  else
    floor1="0 0 0" floor2="0 0 0"
  fi
  echo "$igz $gz $isal $managed $base $floor1 $floor2" >> "$WORK/rounds.txt"
done
# Issue 17's targets: a single big gzip layer <= 1.3x igzip -dc; 10 or more gzip layers <= 0.8x the igzip sum (two cores
# against one); zstd layers have none.
if grep -q '^zstd ' "$WORK/layers.txt"; then RATIO_TARGET=none
elif [ "$(wc -l < "$WORK/layers.txt")" -ge 10 ]; then RATIO_TARGET=0.8
else RATIO_TARGET=1.3; fi
python3 - "$WORK/rounds.txt" "$LOAD_START" "$RATIO_TARGET" <<'PY'
import statistics, sys
target = "no target for zstd layers" if sys.argv[3] == "none" else f"target <= {sys.argv[3]}x"
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
names = ["igzip/zstd -dc (floor)", "gzip/zstd -dc", "drydock image, ISA-L path", "drydock image, managed path", "baseline binary, native path"]
med = lambda c: statistics.median(r[c] for r in rows)
baseline = all(r[12] > 0 for r in rows)
for i, n in enumerate(names if baseline else names[:4]):
    print(f"{n:<30} wall {med(3*i):6.3f} s  cpu {med(3*i+1):6.3f} s  peak {max(r[3*i+2] for r in rows):6.1f} MB  (wall rounds: {' '.join(f'{r[3*i]:.3f}' for r in rows)})")
for i, n in ((6, "ISA-L path"), (9, "managed path")):
    wall = statistics.median(r[i] / r[0] for r in rows)
    cpu = statistics.median(r[i + 1] / r[1] for r in rows)
    print(f"{n}: median ratio to igzip -dc: wall {wall:.2f}x, cpu {cpu:.2f}x ({target})")
if baseline:
    wall = statistics.median(r[12] / r[0] for r in rows)
    cpu = statistics.median(r[13] / r[1] for r in rows)
    print(f"baseline binary: median ratio to igzip -dc: wall {wall:.2f}x, cpu {cpu:.2f}x")
    print(f"this binary / baseline (native path): wall {statistics.median(r[6] / r[12] for r in rows):.2f}x, "
          f"cpu {statistics.median(r[7] / r[13] for r in rows):.2f}x, peak {max(r[8] for r in rows):.1f} / {max(r[14] for r in rows):.1f} MB")
if all(r[15] > 0 for r in rows):
    for i, n in ((15, "digest floor, 1 thread"), (18, "digest floor, 2 threads")):
        print(f"{n:<30} wall {med(i):6.3f} s  cpu {med(i+1):6.3f} s  peak {max(r[i+2] for r in rows):6.1f} MB  "
              f"ratio to igzip -dc: wall {statistics.median(r[i] / r[0] for r in rows):.2f}x, cpu {statistics.median(r[i+1] / r[1] for r in rows):.2f}x")
    print("  (decode + SHA-256 of every blob and tar and nothing else, bench/floor-digests.c: no scan that verifies both digests goes below it)")
print(f"load average at the end: {open('/proc/loadavg').read().split()[0]} (at the start: {sys.argv[2]})")
PY
