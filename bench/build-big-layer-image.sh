#!/usr/bin/env bash
# Issue 17's "peak RSS, any image, including a 2 GB layer": writes an OCI layout with one gzip layer of 2 GiB of
# incompressible data (128 files of 16 MiB from /dev/urandom; `igzip -1`, so the blob is ~2 GiB too), tagged bench.
# Usage: bench/build-big-layer-image.sh [DIR]   (default /tmp/drydock-bench/hostile/layer-2g-gz; needs ~6 GiB free
# while it runs, 2 GiB after). Then: /usr/bin/time -f %M drydock image oci:DIR:bench --no-cache --scanners controls
set -euo pipefail
OUT=${1:-/tmp/drydock-bench/hostile/layer-2g-gz}
command -v igzip >/dev/null || { echo "build-big-layer-image: igzip is not installed (Debian package isal)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/drydock-big-layer.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/root/data"
for i in $(seq 1 128); do head -c 16777216 /dev/urandom > "$WORK/root/data/f$i"; done
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$WORK/root" -cf "$WORK/layer.tar" .
rm -rf "$WORK/root"
igzip -1 -c "$WORK/layer.tar" > "$WORK/layer.tar.gz"
python3 - "$WORK" "$OUT" <<'PY'
import hashlib, json, os, shutil, sys
work, out = sys.argv[1], sys.argv[2]
def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22): h.update(chunk)
    return h.hexdigest()
def put(data):
    digest = hashlib.sha256(data).hexdigest()
    with open(f"{out}/blobs/sha256/{digest}", "wb") as f: f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}
shutil.rmtree(out, ignore_errors=True)
os.makedirs(f"{out}/blobs/sha256")
diff_id, blob = sha(f"{work}/layer.tar"), sha(f"{work}/layer.tar.gz")
os.replace(f"{work}/layer.tar.gz", f"{out}/blobs/sha256/{blob}")
config = put(json.dumps({"architecture": "amd64", "os": "linux", "created": "2026-12-01T00:00:00Z", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff_id]}}).encode())
layer = {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:" + blob,
         "size": os.path.getsize(f"{out}/blobs/sha256/{blob}")}
manifest = put(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **config},
                           "layers": [layer]}).encode())
with open(f"{out}/index.json", "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", **manifest,
               "annotations": {"org.opencontainers.image.ref.name": "bench"}}]}, f)
with open(f"{out}/oci-layout", "w") as f: f.write('{"imageLayoutVersion":"1.0.0"}')
print(f"{out}: one gzip layer, {layer['size']} bytes stored, diff id sha256:{diff_id}")
PY
