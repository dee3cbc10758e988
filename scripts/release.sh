#!/usr/bin/env bash
# Builds Drydock's release archives (docs/ci.md "Release artifacts"): one NativeAOT build per runtime, packed as
#   drydock-VERSION-RID.tar.gz   holding drydock-VERSION-RID/{drydock, libe_sqlite3.so, README.md}
# and the dotnet tool package drydock.VERSION.nupkg (framework-dependent, needs the .NET 10 runtime), with
#   SHA256SUMS                   sha256sum format: check with 'sha256sum -c SHA256SUMS'
# Usage: scripts/release.sh [--out DIR] [--no-tool] [RID...]     RIDs: linux-x64, linux-arm64 (default: both)
# linux-arm64 is cross-compiled on an x64 host with NativeAOT: clang links for aarch64-linux-gnu against Debian's cross
# toolchain (gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu, libc6-dev-arm64-cross; zlib and brotli come with the
# .NET runtime pack); without it the script refuses before building anything. With qemu-user-static installed, the
# arm64 binary is run once under qemu-aarch64-static with the cross libc ('drydock version') before it is packed.
# Every binary and libe_sqlite3.so is checked to be an ELF file of the RID's machine (x86-64 or AArch64).
# Exit codes: 0 built; 2 usage error or a missing toolchain; 3 a build step failed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "release.sh: $2" >&2; exit "$1"; }
# check_machine FILE RID: FILE must be an ELF file for RID's machine (e_machine, bytes 18-19: 62 x86-64, 183 AArch64).
check_machine() {
  local want machine
  case $2 in linux-x64) want=62 ;; linux-arm64) want=183 ;; esac
  [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] || die 3 "$1 is missing or not an ELF file"
  machine=$(od -An -t u2 -j 18 -N 2 "$1" | tr -d ' ')
  [ "$machine" = "$want" ] || die 3 "$1 is built for ELF machine $machine, not $2 ($want)"
}
OUT=$ROOT/artifacts/release; TOOL=1; RIDS=()
while [ $# -gt 0 ]; do
  case $1 in
    --out) OUT=${2:?}; shift 2 ;;
    --no-tool) TOOL=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    linux-x64|linux-arm64) RIDS+=("$1"); shift ;;
    *) die 2 "unknown argument '$1' (RIDs: linux-x64, linux-arm64; see --help)" ;;
  esac
done
[ ${#RIDS[@]} -gt 0 ] || RIDS=(linux-x64 linux-arm64)
command -v dotnet >/dev/null || die 2 "needs the .NET 10 SDK (dotnet)"
command -v clang >/dev/null || die 2 "needs clang for NativeAOT (scripts/install-deps.sh installs it)"
host=$(dpkg --print-architecture 2>/dev/null || uname -m)
for rid in "${RIDS[@]}"; do
  case "$rid/$host" in
    linux-x64/amd64|linux-x64/x86_64|linux-arm64/arm64|linux-arm64/aarch64) ;;
    linux-arm64/*)
      { command -v aarch64-linux-gnu-ld >/dev/null && command -v aarch64-linux-gnu-gcc >/dev/null \
        && [ -e /usr/aarch64-linux-gnu/lib/libc.so ]; } \
        || die 2 "linux-arm64 needs the aarch64 cross toolchain (binutils-aarch64-linux-gnu, gcc-aarch64-linux-gnu, libc6-dev-arm64-cross), which is not installed here: build linux-x64 only with 'scripts/release.sh linux-x64'" ;;
    *) die 2 "cannot build $rid on a $host host" ;;
  esac
done
VERSION=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -1)
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drydock-release.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'die 3 "step failed (line $LINENO): $BASH_COMMAND"' ERR
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct)}
files=()
for rid in "${RIDS[@]}"; do
  name=drydock-$VERSION-$rid
  echo "release.sh: NativeAOT publish for $rid (a few minutes; cross-compiled arm64 takes longer)" >&2
  started=$SECONDS
  dotnet publish "$ROOT/src/Drydock.Cli" -c Release -r "$rid" -p:PublishAot=true -o "$WORK/$name" -m:1 -nologo -v:q -clp:ErrorsOnly >&2
  echo "release.sh: $rid published in $((SECONDS - started)) s" >&2
  # Only what runs: the binary and the SQLite library it loads from its own folder (no .dbg symbols, no .pdb).
  find "$WORK/$name" -mindepth 1 ! -name drydock ! -name libe_sqlite3.so -delete
  for f in drydock libe_sqlite3.so; do check_machine "$WORK/$name/$f" "$rid"; done
  cp "$ROOT/README.md" "$WORK/$name/README.md"
  case "$rid/$host" in
    linux-x64/amd64|linux-x64/x86_64|linux-arm64/arm64|linux-arm64/aarch64) "$WORK/$name/drydock" version >&2 ;;
    linux-arm64/*) if command -v qemu-aarch64-static >/dev/null; then qemu-aarch64-static -L /usr/aarch64-linux-gnu "$WORK/$name/drydock" version >&2; fi ;;
  esac
  # Reproducible: fixed order, owner and times.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" -C "$WORK" -cf - "$name" \
    | gzip -n -9 > "$OUT/$name.tar.gz"
  files+=("$name.tar.gz")
done
if [ "$TOOL" = 1 ]; then
  echo "release.sh: dotnet tool package" >&2
  dotnet pack "$ROOT/src/Drydock.Cli" -c Release -o "$WORK/nupkg" -nologo -v:q -clp:ErrorsOnly >&2
  cp "$WORK/nupkg/drydock.$VERSION.nupkg" "$OUT/"
  files+=("drydock.$VERSION.nupkg")
fi
(cd "$OUT" && sha256sum "${files[@]}" > SHA256SUMS)
echo "release.sh: $OUT: ${files[*]} SHA256SUMS" >&2
