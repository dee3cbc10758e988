#!/usr/bin/env bash
# Builds Drydock's own container image (docs/ci.md "The Drydock image"), without Docker Hub and without a container
# engine: the NativeAOT binary (+ libe_sqlite3.so beside it) on a minimal root filesystem made from Debian's own
# packages (apt-get download + dpkg-deb -x, recorded distroless-style in var/lib/dpkg/status.d/), assembled by buildah
# in Docker format (CIS-4.6 needs a HEALTHCHECK, which an OCI config cannot carry), running as uid 65532.
# Then Drydock gates its own image (exit 1 when a control fails) and writes its CycloneDX SBOM, inside the image at
# /usr/share/doc/drydock/sbom.cdx.json and beside the archive.
#
# Usage: scripts/build-image.sh [--out DIR] [--binary DIR] [--tag NAME:TAG] [--source URL] [--db PATH]
#   --out DIR      where the results go (default artifacts/image):
#                    drydock-image.docker.tar   docker-archive, named --tag (load with docker/podman load)
#                    drydock-image.cdx.json     CycloneDX SBOM of the image (the same one is inside it)
#                    drydock-image.gate.json    Drydock's own report on its image
#                    SHA256SUMS
#   --binary DIR   an existing linux-x64 NativeAOT publish folder (drydock + libe_sqlite3.so); default: publish one
#   --tag NAME:TAG image name (default drydock:VERSION)
#   --source URL   org.opencontainers.image.source (default $DRYDOCK_SOURCE_URL, else the git remote 'origin')
#   --db PATH      a vulnerability database for the self-scan; without one (and no default database) the gate runs
#                  the controls only and says so
# Environment: DEB_CACHE (downloaded .debs, default OUT/debs), SOURCE_DATE_EPOCH (image timestamps; default the
# commit time). Needs buildah, dpkg-deb, apt-get (the host's Debian 12 package lists), and the .NET SDK + clang
# unless --binary is given. Runs as root (buildah's own storage lives in a temp folder that is removed at the end).
# Exit codes: 0 built and the gate passed; 1 the image failed its own gate; 2 usage error or a missing tool;
# 3 a build step failed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "build-image.sh: $2" >&2; exit "$1"; }
trap 'die 3 "step failed (line $LINENO): $BASH_COMMAND"' ERR

OUT=$ROOT/artifacts/image; BINARY=""; TAG=""; SOURCE=${DRYDOCK_SOURCE_URL:-}; DB=""
while [ $# -gt 0 ]; do
  case $1 in
    --out) OUT=${2:?}; shift 2 ;;
    --binary) BINARY=${2:?}; shift 2 ;;
    --tag) TAG=${2:?}; shift 2 ;;
    --source) SOURCE=${2:?}; shift 2 ;;
    --db) DB=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die 2 "unknown argument '$1' (see --help)" ;;
  esac
done
for tool in buildah dpkg-deb apt-get sha256sum; do
  command -v "$tool" >/dev/null || die 2 "needs $tool (scripts/install-deps.sh installs it)"
done
[ "$(dpkg --print-architecture)" = amd64 ] || die 2 "builds the linux-x64 image only (this host is $(dpkg --print-architecture))"
[ -n "$SOURCE" ] || SOURCE=$(git -C "$ROOT" remote get-url origin 2>/dev/null || true)
[ -n "$SOURCE" ] || die 2 "no source URL for org.opencontainers.image.source: pass --source URL or set DRYDOCK_SOURCE_URL"
VERSION=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -1)
REVISION=$(git -C "$ROOT" rev-parse HEAD)
git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || REVISION="$REVISION-dirty"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct)}
CREATED=$(date -u -d "@$SOURCE_DATE_EPOCH" +%FT%TZ)
TAG=${TAG:-drydock:$VERSION}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
DEB_CACHE=${DEB_CACHE:-$OUT/debs}; mkdir -p "$DEB_CACHE"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drydock-image.XXXXXX")
STORE=(--root "$WORK/storage" --runroot "$WORK/run" --storage-driver vfs)
cleanup() { buildah "${STORE[@]}" rm --all >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

# 1. The binary: NativeAOT, linux-x64, libe_sqlite3.so beside it.
if [ -z "$BINARY" ]; then
  echo "build-image.sh: publishing the NativeAOT binary (a few minutes)" >&2
  dotnet publish "$ROOT/src/Drydock.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$WORK/publish" -nologo -v:q -clp:ErrorsOnly >&2
  BINARY=$WORK/publish
fi
[ -x "$BINARY/drydock" ] && [ -f "$BINARY/libe_sqlite3.so" ] || die 2 "$BINARY has no drydock + libe_sqlite3.so (a linux-x64 NativeAOT publish)"

# 2. The root filesystem: only the packages the binary loads (ldd of drydock and libe_sqlite3.so: libc6 alone; zlib
#    is linked in; libssl3 for HTTPS, which .NET opens at run time), libc6's own dependency libgcc-s1 (with
#    gcc-12-base), base-files (os-release: how a scanner knows this is Debian 12) and the CA certificates.
PACKAGES=(base-files gcc-12-base libgcc-s1 libc6 libssl3 ca-certificates)
(cd "$DEB_CACHE" && for p in "${PACKAGES[@]}"; do
  v=$(apt-cache policy "$p" | sed -n 's/^  Candidate: //p')
  [ -n "$v" ] && [ "$v" != "(none)" ] || die 3 "no candidate for $p in the host's package lists (apt-get update)"
  ls "${p}_${v/*:/}_"*.deb >/dev/null 2>&1 || apt-get download -q -o APT::Sandbox::User=root "$p=$v" >&2
done)
ROOTFS=$WORK/rootfs; mkdir -p "$ROOTFS/var/lib/dpkg/status.d"
for p in "${PACKAGES[@]}"; do
  v=$(apt-cache policy "$p" | sed -n 's/^  Candidate: //p')
  deb=$(ls "$DEB_CACHE/${p}_${v/*:/}_"*.deb | head -1)
  dpkg-deb -x "$deb" "$ROOTFS"
  # distroless' record of what is installed: the control stanza with its status, and the file checksums
  { dpkg-deb -f "$deb" | sed '/^Description:/,$d'; echo "Status: install ok installed"; dpkg-deb -f "$deb" Description | sed 's/^/Description: /;2,$s/^Description: //'; } \
    > "$ROOTFS/var/lib/dpkg/status.d/$p"
  mkdir -p "$WORK/control/$p"; dpkg-deb -e "$deb" "$WORK/control/$p"
  [ -f "$WORK/control/$p/md5sums" ] && cp "$WORK/control/$p/md5sums" "$ROOTFS/var/lib/dpkg/status.d/$p.md5sums"
done
# What a running CLI never reads: manuals, translations, lintian overrides (copyright files stay).
rm -rf "$ROOTFS"/usr/share/{man,info,locale,lintian,doc-base,common-licenses}
find "$ROOTFS/usr/share/doc" -type f ! -name copyright -delete
# The CA bundle that update-ca-certificates would write (no maintainer scripts run here), and OpenSSL's default paths.
mkdir -p "$ROOTFS/etc/ssl/certs" "$ROOTFS/usr/lib/ssl"
find "$ROOTFS/usr/share/ca-certificates" -name '*.crt' | LC_ALL=C sort | xargs cat > "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
ln -sfn /etc/ssl/certs "$ROOTFS/usr/lib/ssl/certs"
ln -sfn /etc/ssl/certs/ca-certificates.crt "$ROOTFS/usr/lib/ssl/cert.pem"
# Users: root owns the files, the CLI runs as nonroot (65532, distroless' convention) with its own home and cache.
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin\n' > "$ROOTFS/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$ROOTFS/etc/group"
mkdir -p "$ROOTFS/root" "$ROOTFS/home/nonroot/.cache/drydock" "$ROOTFS/work" "$ROOTFS/tmp"
chmod 0700 "$ROOTFS/root"; chmod 1777 "$ROOTFS/tmp"
# No setuid/setgid bits (CIS-4.8): the packages above ship none; make sure.
find "$ROOTFS" -perm /6000 -type f -exec chmod ug-s {} +
find "$ROOTFS" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
APP=$WORK/app; mkdir -p "$APP/opt/drydock"
install -m 0755 "$BINARY/drydock" "$APP/opt/drydock/drydock"
install -m 0644 "$BINARY/libe_sqlite3.so" "$APP/opt/drydock/libe_sqlite3.so"
touch -h -d "@$SOURCE_DATE_EPOCH" "$APP/opt/drydock" "$APP/opt/drydock"/*

# 3. The image: one layer of Debian packages, one of Drydock, one of its SBOM (buildah makes a layer per commit).
b() { buildah "${STORE[@]}" "$@"; }
layer() { # layer FROM NAME DIR CREATED_BY [buildah config args...]: FROM + DIR's contents at /, committed as NAME
  local from=$1 name=$2 dir=$3 by=$4 ctr; shift 4
  ctr=$(b from --quiet --format docker "$from")
  b copy "$ctr" "$dir/" / >/dev/null
  # buildah copy makes everything root's (as COPY does): the user's own folders are copied again with their owner
  # (from a staging folder that holds the folder itself, so that the folder's own entry is the user's too).
  local own stage; for own in "${OWNED[@]}"; do
    [ -d "$dir$own" ] || continue
    stage=$(mktemp -d "$WORK/owned.XXXXXX"); cp -a "$dir$own" "$stage/"
    b copy --chown 65532:65532 "$ctr" "$stage/" "$(dirname "$own")/" >/dev/null
  done
  b config --created-by "$by" "$@" "$ctr"
  b commit --quiet --format docker --timestamp "$SOURCE_DATE_EPOCH" "$ctr" "$name" >/dev/null
  b rm "$ctr" >/dev/null
}
OWNED=(/home/nonroot /work)
layer scratch "drydock-base:$VERSION" "$ROOTFS" "COPY rootfs/ / # Debian 12 packages: ${PACKAGES[*]}"
OWNED=()
layer "drydock-base:$VERSION" "drydock-unsbom:$VERSION" "$APP" "COPY drydock/ /opt/drydock/ # NativeAOT build of $REVISION" \
  --os linux --arch amd64 --user 65532:65532 --workingdir /work \
  --env PATH=/opt/drydock:/usr/local/bin:/usr/bin:/bin --env HOME=/home/nonroot \
  --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt --env SSL_CERT_DIR=/etc/ssl/certs \
  --entrypoint '["/opt/drydock/drydock"]' --cmd '["--help"]' \
  --healthcheck 'CMD /opt/drydock/drydock version' --healthcheck-interval 5m --healthcheck-timeout 10s \
  --healthcheck-retries 1 \
  --label org.opencontainers.image.title=drydock \
  --label "org.opencontainers.image.description=Audits container images against the CIS Docker Benchmark image controls" \
  --label "org.opencontainers.image.source=$SOURCE" --label "org.opencontainers.image.version=$VERSION" \
  --label "org.opencontainers.image.revision=$REVISION" --label "org.opencontainers.image.created=$CREATED" \
  --author "Drydock scripts/build-image.sh"
b push --quiet "drydock-unsbom:$VERSION" "docker-archive:$WORK/unsbom.tar:$TAG"

# 4. The SBOM of the packages and the binary (adding the SBOM file itself changes no package), then the final image.
"$BINARY/drydock" sbom "docker-archive:$WORK/unsbom.tar" --format cyclonedx --output "$WORK/sbom.cdx.json" --quiet
mkdir -p "$WORK/sbom/usr/share/doc/drydock"
install -m 0644 "$WORK/sbom.cdx.json" "$WORK/sbom/usr/share/doc/drydock/sbom.cdx.json"
touch -h -d "@$SOURCE_DATE_EPOCH" "$WORK/sbom/usr/share/doc/drydock" "$WORK/sbom/usr/share/doc/drydock/sbom.cdx.json"
layer "drydock-unsbom:$VERSION" "$TAG" "$WORK/sbom" "COPY sbom.cdx.json /usr/share/doc/drydock/ # CycloneDX SBOM made by drydock sbom"
rm -f "$OUT/drydock-image.docker.tar"
b push --quiet "$TAG" "docker-archive:$OUT/drydock-image.docker.tar:$TAG"
cp "$WORK/sbom.cdx.json" "$OUT/drydock-image.cdx.json"

# 5. Drydock's own gate on its image: every control it can meet must pass (CIS-4.2/4.5/4.12 skip without a policy
#    that names trusted bases or signers; freshness skips for an archive).
[ -n "$DB" ] || DB=${DRYDOCK_DB:-${DRYDOCK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/drydock}/vuln.db}
scan=(--scanners controls)
if [ -f "$DB" ]; then scan=(--db "$DB" --severity CRITICAL,HIGH --ignore-unfixed); else
  echo "build-image.sh: no vulnerability database at $DB: the self-gate runs the controls only (pass --db)" >&2; fi
gate=0
"$BINARY/drydock" image --quiet "docker-archive:$OUT/drydock-image.docker.tar" "${scan[@]}" --offline --no-cache --exit-code 1 \
  --format table -o "json=$OUT/drydock-image.gate.json" >&2 || gate=$?
(cd "$OUT" && sha256sum drydock-image.docker.tar drydock-image.cdx.json > SHA256SUMS)
case $gate in
  0) echo "build-image.sh: $OUT/drydock-image.docker.tar ($TAG) passed its own gate" >&2 ;;
  1) echo "build-image.sh: $TAG FAILED its own gate: see $OUT/drydock-image.gate.json" >&2; exit 1 ;;
  *) die 3 "the self-gate could not run (drydock image exited $gate)" ;;
esac
