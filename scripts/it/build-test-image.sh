#!/usr/bin/env bash
# Builds the integration tests' image from Debian's own packages, without a container engine, once per OUT dir:
#   OUT/rootfs.tar          mmdebstrap --variant=essential bookworm (docs/man/locales left out to keep it small)
#   OUT/oci                 OCI layout (umoci), tag "1": the rootfs layer + a small app layer, config with
#                           user, env, entrypoint/cmd, labels, exposed port, history
#   OUT/app.docker.tar      docker-archive (skopeo), named drydock-it/app:1
#   OUT/app.oci.tar         oci-archive (skopeo), tag 1
#   OUT/oci-zstd            OCI layout with zstd layers (skopeo --dest-compress-format zstd), tag 1
#   OUT/.complete           written last: the fixture rebuilds when it is missing
# Usage: build-test-image.sh OUT   (needs root for mmdebstrap --mode=root; MIRROR overrides the Debian mirror)
set -euo pipefail
OUT=${1:?usage: build-test-image.sh OUT}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
mkdir -p "$OUT"; cd "$OUT"
rm -f .complete
if [ ! -s rootfs.tar ]; then
  mmdebstrap --quiet --variant=essential --mode=root --format=tar \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' bookworm rootfs.tar.part "deb $MIRROR bookworm main"
  mv rootfs.tar.part rootfs.tar
fi
rm -rf oci oci-zstd app.docker.tar app.oci.tar app-layer
umoci init --layout oci
umoci new --image oci:1
umoci raw add-layer --image oci:1 --history.created_by "mmdebstrap --variant=essential bookworm" rootfs.tar
mkdir -p app-layer/app app-layer/etc
echo 'hello from the drydock integration image' > app-layer/app/hello.txt
printf 'drydock-it\n' > app-layer/etc/hostname
tar --numeric-owner --owner=0 --group=0 -C app-layer -cf app-layer.tar app etc
umoci raw add-layer --image oci:1 --history.created_by "COPY app/ /app/" app-layer.tar
umoci config --image oci:1 --os linux --architecture amd64 \
  --config.user 1000:1000 --config.workingdir /app --config.exposedports 8080/tcp \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --config.env APP_MODE=test \
  --config.entrypoint /bin/sh --config.cmd -c --config.cmd 'cat /app/hello.txt' \
  --config.label org.opencontainers.image.title=drydock-it --config.label org.opencontainers.image.version=1 \
  --author "drydock integration tests" --history.created_by "USER 1000:1000"
rm -rf app-layer app-layer.tar
skopeo --insecure-policy copy -q oci:oci:1 docker-archive:app.docker.tar:drydock-it/app:1
skopeo --insecure-policy copy -q oci:oci:1 oci-archive:app.oci.tar:1
skopeo --insecure-policy copy -q --dest-compress-format zstd oci:oci:1 oci:oci-zstd:1
date -u +%FT%TZ > .complete
