#!/usr/bin/env bash
# Builds the image the layer benchmark reads: Debian bookworm minbase (mmdebstrap, ~163 MiB of files) packed with
# umoci as an OCI layout with gzip layers: the base layer plus a small delta layer (added files, a whiteout, setuid).
# Output: ${DRYDOCK_BENCH_DIR:-/tmp/drydock-bench}/oci:bench — never inside the repository.
# Needs (Debian 12): apt-get install -y mmdebstrap umoci; run as root (mmdebstrap --mode=root).
# Then: dotnet run -c Release --project bench/Drydock.Benchmarks -- layers /tmp/drydock-bench/oci
set -euo pipefail
W=${DRYDOCK_BENCH_DIR:-/tmp/drydock-bench}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
mkdir -p "$W"; cd "$W"

if [ ! -f bookworm-minbase.tar ]; then
  mmdebstrap --variant=minbase --mode=root --format=tar bookworm bookworm-minbase.tar.partial \
    "deb $MIRROR bookworm main" "deb ${MIRROR%/debian}/debian-security bookworm-security main"
  mv bookworm-minbase.tar.partial bookworm-minbase.tar
fi

rm -rf oci bundle
umoci init --layout oci
umoci new --image oci:bench
umoci raw add-layer --image oci:bench bookworm-minbase.tar
umoci config --image oci:bench --os linux --architecture amd64 --config.cmd /bin/bash \
  --history.created_by "mmdebstrap --variant=minbase bookworm"

umoci unpack --image oci:bench bundle >/dev/null
R=bundle/rootfs
mkdir -p "$R/app" && echo 'hello from the delta layer' > "$R/app/hello.txt"
rm -f "$R/etc/issue.net" && rm -rf "$R/usr/share/doc/bash"
cp "$R/usr/bin/true" "$R/usr/local/bin/suid-helper" && chmod 4755 "$R/usr/local/bin/suid-helper"
umoci repack --image oci:bench bundle
rm -rf bundle
umoci ls --layout oci
du -sh oci
