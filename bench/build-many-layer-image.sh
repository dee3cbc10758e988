#!/usr/bin/env bash
# Issue 17's many-layer figure: the bench image's Debian files split into LAYERS gzip layers (default 12, in tar
# order, about equal in size), packed with umoci as ${DRYDOCK_BENCH_DIR:-/tmp/drydock-bench}/many:bench, and the same
# image with zstd layers (skopeo copy --dest-compress-format zstd) as .../many-zstd:bench. Needs bench/build-bench-image.sh
# first (its bookworm-minbase.tar), umoci, skopeo and python3. Never writes inside the repository.
set -euo pipefail
W=${DRYDOCK_BENCH_DIR:-/tmp/drydock-bench}
LAYERS=${LAYERS:-12}
[ -f "$W/bookworm-minbase.tar" ] || { echo "build-many-layer-image: no $W/bookworm-minbase.tar; run bench/build-bench-image.sh first" >&2; exit 2; }
for tool in umoci skopeo python3; do command -v "$tool" >/dev/null || { echo "build-many-layer-image: $tool not found" >&2; exit 2; }; done
PARTS=$(mktemp -d "$W/many-parts.XXXXXX")
trap 'rm -rf "$PARTS"' EXIT
python3 - "$W/bookworm-minbase.tar" "$PARTS" "$LAYERS" <<'PY'
import sys, tarfile
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with tarfile.open(src) as t:
    members = t.getmembers()
    total = sum(m.size for m in members) or 1
    part, done, writer = 0, 0, None
    for m in members:
        # A new part when this one holds its share; directories go with the files after them.
        if writer is None or (done >= total * (part + 1) / n and part < n - 1 and not m.isdir()):
            if writer is not None:
                writer.close()
                part += 1
            writer = tarfile.open(f"{out}/part{part:02d}.tar", "w", format=tarfile.PAX_FORMAT)
        writer.addfile(m, t.extractfile(m) if m.isreg() else None)
        done += m.size
    writer.close()
PY
rm -rf "$W/many" "$W/many-zstd"
umoci init --layout "$W/many"
umoci new --image "$W/many:bench"
for part in "$PARTS"/part*.tar; do umoci raw add-layer --image "$W/many:bench" "$part"; done
umoci config --image "$W/many:bench" --os linux --architecture amd64 --config.cmd /bin/bash
skopeo copy --quiet --dest-compress-format zstd --dest-compress "oci:$W/many:bench" "oci:$W/many-zstd:bench"
echo "built $W/many:bench and $W/many-zstd:bench ($(ls "$PARTS" | wc -l) layers)"
