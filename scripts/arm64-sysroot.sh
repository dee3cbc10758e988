#!/usr/bin/env bash
# Builds a linux-arm64 sysroot (docs/ci.md "linux-arm64") in which the cross-compiled arm64 drydock scans images under
# qemu-user on an x64 host:  qemu-aarch64-static -L SYSROOT drydock-VERSION-linux-arm64/drydock image ...
# It holds Debian 12's own arm64 packages, unpacked with dpkg-deb -x, never installed:
#   libc6     the loader (/lib/ld-linux-aarch64.so.1), libc and libm the NativeAOT binary links
#   libssl3   libssl.so.3 and libcrypto.so.3, which .NET loads at run time for hashing and TLS
# (the globalization is invariant, so no libicu; zlib is inside the binary; libe_sqlite3.so ships beside it.)
# The .debs come through apt with a configuration of its own in a temp folder (arm64 as the only architecture, its own
# package lists, cache and state): the host's dpkg and apt configuration are not read or changed, no
# 'dpkg --add-architecture'. Packages are verified by apt against the Debian archive keyring.
#
# Usage: scripts/arm64-sysroot.sh [--mirror URL] [--security-mirror URL|none] [--keyring FILE] SYSROOT
#   SYSROOT                 a folder to create or an empty one (the packages' versions go to SYSROOT/PACKAGES)
#   --mirror URL            Debian archive (default $DEBIAN_MIRROR, else http://deb.debian.org/debian), suite bookworm
#   --security-mirror URL   bookworm-security (default http://deb.debian.org/debian-security; 'none' to leave it out)
#   --keyring FILE          keyring that signs both (default /usr/share/keyrings/debian-archive-keyring.gpg)
# Exit codes: 0 built; 2 usage error or a missing tool; 3 the packages could not be fetched or unpacked.
set -euo pipefail
die() { echo "arm64-sysroot.sh: $2" >&2; exit "$1"; }
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY=http://deb.debian.org/debian-security
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
SYSROOT=""
PACKAGES=(libc6 libssl3)
while [ $# -gt 0 ]; do
  case $1 in
    --mirror) MIRROR=${2:?}; shift 2 ;;
    --security-mirror) SECURITY=${2:?}; shift 2 ;;
    --keyring) KEYRING=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die 2 "unknown option '$1' (see --help)" ;;
    *) [ -z "$SYSROOT" ] || die 2 "one SYSROOT only (see --help)"; SYSROOT=$1; shift ;;
  esac
done
[ -n "$SYSROOT" ] || die 2 "usage: scripts/arm64-sysroot.sh [--mirror URL] [--security-mirror URL|none] SYSROOT"
for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || die 2 "needs $tool (a Debian or Ubuntu host)"
done
[ -r "$KEYRING" ] || die 2 "keyring $KEYRING is not readable (debian-archive-keyring; or pass --keyring FILE)"
if [ -e "$SYSROOT" ] && [ -n "$(ls -A "$SYSROOT")" ]; then die 2 "$SYSROOT is not empty"; fi
mkdir -p "$SYSROOT"; SYSROOT=$(cd "$SYSROOT" && pwd)

APT=$(mktemp -d "${TMPDIR:-/tmp}/drydock-arm64-apt.XXXXXX")
trap 'rm -rf "$APT"' EXIT
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/parts" "$APT/debs"
: > "$APT/status"
{
  echo "deb [arch=arm64 signed-by=$KEYRING] $MIRROR bookworm main"
  [ "$SECURITY" = none ] || echo "deb [arch=arm64 signed-by=$KEYRING] $SECURITY bookworm-security main"
} > "$APT/sources.list"
# Every path apt would read or write is redirected into $APT; the sandbox user is root because $APT is private (0700).
apt_get() {
  apt-get -q -o APT::Architecture=arm64 -o APT::Architectures::=arm64 \
    -o Dir::State="$APT" -o Dir::State::Lists="$APT/lists" -o Dir::State::status="$APT/status" \
    -o Dir::Cache="$APT/cache" -o Dir::Etc::SourceList="$APT/sources.list" -o Dir::Etc::SourceParts="$APT/parts" \
    -o Dir::Etc::Preferences="$APT/preferences" -o Dir::Etc::PreferencesParts="$APT/parts" \
    -o APT::Sandbox::User=root -o Acquire::Retries=3 "$@"
}
# apt-get update succeeds with only a warning when a mirror cannot be reached: any failed index is a failure here.
if ! apt_get update >"$APT/update.log" 2>&1 || grep -qE '^(Err:|E:|W: Failed to fetch)' "$APT/update.log"; then
  die 3 "cannot read the arm64 package lists: $(grep -E "^(E:|W: Failed to fetch|Err:)" "$APT/update.log" | sort -r | head -1)"
fi
(cd "$APT/debs" && apt_get download "${PACKAGES[@]}") >"$APT/download.log" 2>&1 \
  || die 3 "cannot download ${PACKAGES[*]} (arm64): $(grep -E '^(E|W):' "$APT/download.log" | head -1)"
for deb in "$APT"/debs/*.deb; do
  dpkg-deb -x "$deb" "$SYSROOT" || die 3 "cannot unpack $(basename "$deb")"
  dpkg-deb --show --showformat='${Package} ${Version} ${Architecture}\n' "$deb" >> "$SYSROOT/PACKAGES"
done
[ -e "$SYSROOT/lib/ld-linux-aarch64.so.1" ] || die 3 "the unpacked libc6 has no /lib/ld-linux-aarch64.so.1"
echo "arm64-sysroot.sh: $SYSROOT: $(paste -sd, "$SYSROOT/PACKAGES")" >&2
