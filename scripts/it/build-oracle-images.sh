#!/usr/bin/env bash
# Builds the package-inventory oracle images from real packages, without a container engine, one PART per call:
#   deb   the integration suite's mmdebstrap image (SRC = its OCI layout, tag 1) unpacked with umoci, two .deb files
#         built with dpkg-deb installed by dpkg itself (a new package with an epoch and a versioned Source:, and an
#         upgrade of hostname), repacked as the next layer (umoci repack: changed files + whiteouts): OUT/deb/oci tag 2;
#         the resulting dpkg database kept as OUT/deb/admin for dpkg-query --admindir.
#   rpm   rpmbuild makes small RPMs (one with an epoch and a newer release of it, one with an explicit epoch 0, noarch
#         ones, a subpackage whose source rpm has another name), createrepo_c indexes them, `dnf --installroot`
#         installs four, then a second `dnf` run installs one more and upgrades openssl-libs: OUT/rpm/rootfs (SQLite
#         rpmdb, as RHEL 9 / Fedora), OUT/rpm/oci tag sqlite = first install + what the second one wrote (two layers),
#         OUT/rpm/before = the rpmdb after the first install; the same headers loaded with db5.3_load into a
#         BerkeleyDB hash `Packages`: OUT/rpm/rootfs-bdb (as CentOS 7 / RHEL 8), OUT/rpm/oci tag bdb (one layer).
#   apk   an Alpine-like image of three layers (Debian has no apk-tools: the installed db is written in apk's own
#         format, with real Q1 checksums of the files it lists): base (musl, busybox), an upgrade (busybox -r16, new
#         libcrypto3), an addition (ssl_client): OUT/apk/oci tag 3; each layer's db kept as OUT/apk/installed.N.
#   lang  one layer holding a Node app installed by `npm install` (app/) and the metadata of this machine's Debian
#         python3 packages (usr/lib/python3/dist-packages/*.{dist,egg}-info): OUT/lang/rootfs, OUT/lang/oci tag 1.
# Each PART writes OUT/PART/.complete last; the test fixture rebuilds a part when it is missing.
# Usage: build-oracle-images.sh OUT rpm|apk|lang|deb [SRC]   (needs root: dnf --installroot, umoci unpack, ownership)
set -euo pipefail
OUT=${1:?usage: build-oracle-images.sh OUT rpm|apk|lang|deb [SRC]}
PART=${2:?usage: build-oracle-images.sh OUT rpm|apk|lang|deb [SRC]}
SRC=${3:-}
W=$OUT/$PART
rm -rf "$W"; mkdir -p "$W"; cd "$W"

pack() { # layout tag tar...
  local layout=$1 tag=$2; shift 2
  [ -d "$layout" ] || umoci init --layout "$layout"
  umoci new --image "$layout:$tag"
  for t in "$@"; do umoci raw add-layer --image "$layout:$tag" --history.created_by "$(basename "$t")" "$t"; done
  umoci config --image "$layout:$tag" --os linux --architecture amd64 --config.cmd /bin/sh
}
layer_tar() { tar --numeric-owner --owner=0 --group=0 -C "$1" -cf "$2" .; }

build_rpm() {
  export HOME=$W/rpmhome   # Debian's rpm keeps its db under ~/.rpmdb unless ~/.rpmmacros says otherwise
  mkdir -p "$HOME"/rpmbuild/{SPECS,SOURCES,RPMS,BUILD,SRPMS} repo rootfs
  printf '%%_dbpath /var/lib/rpm\n%%_topdir %s/rpmbuild\n%%__os_install_post %%{nil}\n%%debug_package %%{nil}\n%%_unpackaged_files_terminate_build 0\n' "$HOME" > "$HOME/.rpmmacros"
  spec() { # name epoch version release arch license files-body [extra spec text]
    cat > "$HOME/rpmbuild/SPECS/$1.spec" <<S
Name: $1
$( [ -n "$2" ] && echo "Epoch: $2" )
Version: $3
Release: $4
Summary: $1 oracle fixture
License: $6
BuildArch: $5
AutoReqProv: no
Vendor: Drydock tests
%description
$1 (Drydock integration test fixture)
${8:-}
%install
mkdir -p %{buildroot}/usr/share/fixtures %{buildroot}/etc
echo "$1 $3" > %{buildroot}/usr/share/fixtures/$1.txt
echo "lib$1 $3" > %{buildroot}/usr/share/fixtures/lib$1.txt
printf 'NAME="Rocky Linux"\nVERSION="9.3 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPLATFORM_ID="platform:el9"\nPRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"\n' > %{buildroot}/etc/os-release
echo "Rocky Linux release 9.3 (Blue Onyx)" > %{buildroot}/etc/redhat-release
%files
$7
S
  }
  spec rocky-release "" 9.3 1.2.el9 noarch BSD-3-Clause $'%config(noreplace) /etc/os-release\n/etc/redhat-release'
  spec openssl-libs 1 3.0.7 24.el9 x86_64 Apache-2.0 /usr/share/fixtures/openssl-libs.txt
  rpmbuild -bb --quiet "$HOME/rpmbuild/SPECS/openssl-libs.spec"
  spec openssl-libs 1 3.0.7 25.el9 x86_64 Apache-2.0 /usr/share/fixtures/openssl-libs.txt
  spec tzdata-fixture 2 2024a 1.el9 noarch "Public Domain" /usr/share/fixtures/tzdata-fixture.txt
  spec zlib 0 1.2.11 40.el9 x86_64 Zlib /usr/share/fixtures/zlib.txt \
    $'%package -n libzfixture\nSummary: zlib subpackage\nLicense: Zlib\n%description -n libzfixture\nsubpackage\n%files -n libzfixture\n/usr/share/fixtures/libzlib.txt'
  for s in rocky-release openssl-libs tzdata-fixture zlib; do rpmbuild -bb --quiet "$HOME/rpmbuild/SPECS/$s.spec"; done
  find "$HOME/rpmbuild/RPMS" -name '*.rpm' -exec cp {} repo/ \;
  createrepo_c -q repo
  dnfi() { dnf -y -q --installroot="$W/rootfs" --releasever=9 --setopt=reposdir=/dev/null --setopt=install_weak_deps=False \
    --nogpgcheck --repofrompath=local,"file://$W/repo" --repo=local "$@" >/dev/null; rm -rf rootfs/var/cache/dnf rootfs/var/log/* rootfs/var/lib/dnf; }
  dnfi install rocky-release openssl-libs-1:3.0.7-24.el9 zlib libzfixture
  layer_tar rootfs sqlite-0.tar
  mkdir -p before/var/lib; cp -a rootfs/var/lib/rpm before/var/lib/
  touch -d '-1 min' marker
  dnfi install tzdata-fixture openssl-libs-1:3.0.7-25.el9
  # the second layer: what the second run wrote (no whiteouts needed: it deleted nothing the inventory reads)
  (cd rootfs && find . -newer ../marker \( -type f -o -type l \) -print0 | tar --numeric-owner --owner=0 --group=0 --null -T - -cf ../sqlite-1.tar)
  # BerkeleyDB twin: the same header blobs, key = 4-byte native-endian header number (rpm's Packages hash db).
  cp -a rootfs rootfs-bdb; rm -f rootfs-bdb/var/lib/rpm/rpmdb.sqlite*
  /usr/bin/python3 - rootfs/var/lib/rpm/rpmdb.sqlite > packages.dbload <<'PY'
import sqlite3, struct, sys
def esc(b): return "".join(chr(c) if 0x20 <= c < 0x7f and c != 0x5c else ("\\\\" if c == 0x5c else "\\%02x" % c) for c in b)
rows = sqlite3.connect(sys.argv[1]).execute("select hnum, blob from Packages order by hnum").fetchall()
print("VERSION=3\nformat=print\ntype=hash\nHEADER=END")
for hnum, blob in rows:
    print(" " + esc(struct.pack("<I", hnum))); print(" " + esc(blob))
print("DATA=END")
PY
  db5.3_load -f packages.dbload rootfs-bdb/var/lib/rpm/Packages
  layer_tar rootfs-bdb bdb.tar
  pack oci sqlite sqlite-0.tar sqlite-1.tar; pack oci bdb bdb.tar
  rm -rf sqlite-*.tar bdb.tar packages.dbload repo marker "$HOME"
}

# apk's installed db (apk-tools doc/apk-package.5 "installed database"): one stanza per package, files as F:/R: with
# Z: Q1 = base64(sha1). Stanzas are written in install order, as apk does.
apk_stanza() { # root name version origin license files...
  local root=$1 name=$2 version=$3 origin=$4 license=$5; shift 5
  printf 'C:Q1%s\nP:%s\nV:%s\nA:x86_64\nS:1024\nI:4096\nT:%s (Drydock fixture)\nU:https://alpinelinux.org/\nL:%s\no:%s\nm:Drydock tests <tests@drydock.invalid>\nt:1700000000\n' \
    "$(printf '%s' "$name-$version" | openssl dgst -sha1 -binary | base64)" "$name" "$version" "$name" "$license" "$origin"
  local dir=""
  for f in "$@"; do
    if [ "$(dirname "$f")" != "$dir" ]; then dir=$(dirname "$f"); printf 'F:%s\n' "$dir"; fi
    printf 'R:%s\na:0:0:755\nZ:Q1%s\n' "$(basename "$f")" "$(openssl dgst -sha1 -binary "$root/$f" | base64)"
  done
  printf '\n'
}
apk_layer() { # n: writes files + db of layer n into layerN/ and keeps the db as installed.N
  local n=$1; shift
  local root=$W/layer$n; mkdir -p "$root/lib/apk/db" "$root/etc/apk"
  for spec in "$@"; do
    IFS='|' read -r name version origin license file <<<"$spec"
    mkdir -p "$root/$(dirname "$file")"; echo "$name $version" > "$root/$file"
  done
  {
    for spec in "$@"; do
      IFS='|' read -r name version origin license file <<<"$spec"
      apk_stanza "$root" "$name" "$version" "$origin" "$license" "$file"
    done
  } > "$root/lib/apk/db/installed"
  cp "$root/lib/apk/db/installed" "installed.$n"
  printf '%s\n' "$@" | cut -d'|' -f1 > "$root/etc/apk/world"
}
build_apk() {
  musl='musl|1.2.4_git20230717-r4|musl|MIT|lib/ld-musl-x86_64.so.1'
  apk_layer 0 "$musl" 'busybox|1.36.1-r15|busybox|GPL-2.0-only|bin/busybox'
  mkdir -p layer0/etc
  echo 3.19.1 > layer0/etc/alpine-release
  printf 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n' > layer0/etc/os-release
  apk_layer 1 "$musl" 'busybox|1.36.1-r16|busybox|GPL-2.0-only|bin/busybox' 'libcrypto3|3.1.4-r1|openssl|Apache-2.0|usr/lib/libcrypto.so.3'
  rm layer1/lib/ld-musl-x86_64.so.1   # musl was not touched by the upgrade: its file stays in layer 0
  apk_layer 2 "$musl" 'busybox|1.36.1-r16|busybox|GPL-2.0-only|bin/busybox' 'libcrypto3|3.1.4-r1|openssl|Apache-2.0|usr/lib/libcrypto.so.3' \
    'ssl_client|1.36.1-r16|busybox|GPL-2.0-only|usr/bin/ssl_client'
  rm layer2/lib/ld-musl-x86_64.so.1 layer2/bin/busybox layer2/usr/lib/libcrypto.so.3
  for n in 0 1 2; do layer_tar "layer$n" "layer$n.tar"; done
  pack oci 3 layer0.tar layer1.tar layer2.tar
  rm -rf layer0 layer1 layer2 layer*.tar
}

build_lang() {
  mkdir -p rootfs/app rootfs/usr/lib/python3/dist-packages
  printf '{"name":"oracle-app","version":"1.0.0","private":true}\n' > rootfs/app/package.json
  (cd rootfs/app && npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
    is-number@7.0.0 ms@2.1.3 debug@4.3.4 @isaacs/string-locale-compare@1.1.0 chalk@4.1.2 semver@7.6.0 >/dev/null)
  # Only the metadata of Debian's python3 packages: what importlib.metadata and the analyzer read.
  find /usr/lib/python3/dist-packages -maxdepth 1 \( -name '*.dist-info' -o -name '*.egg-info' \) \
    -exec cp -a {} rootfs/usr/lib/python3/dist-packages/ \;
  layer_tar rootfs lang.tar
  pack oci 1 lang.tar
  rm -f lang.tar
}

build_deb() {
  [ -d "$SRC" ] || { echo "deb needs SRC, the mmdebstrap image's OCI layout" >&2; exit 2; }
  cp -a "$SRC" oci
  umoci unpack --image oci:1 bundle >/dev/null
  deb() { # name version source files...
    local name=$1 version=$2 source=$3; shift 3
    mkdir -p "debs/$name/DEBIAN"
    printf 'Package: %s\nVersion: %s\nSource: %s\nArchitecture: amd64\nMaintainer: Drydock tests <tests@drydock.invalid>\nDescription: %s (Drydock fixture)\n fixture\n' \
      "$name" "$version" "$source" "$name" > "debs/$name/DEBIAN/control"
    for f in "$@"; do mkdir -p "debs/$name/$(dirname "$f")"; echo "$name $version" > "debs/$name/$f"; done
    dpkg-deb --root-owner-group -b "debs/$name" "debs/$name.deb" >/dev/null
  }
  deb drydock-fixture 1:2.0-1 'drydock-src (1.5-3)' usr/share/drydock/fixture.txt
  deb hostname 3.23+nmu1+drydock1 hostname usr/share/drydock/hostname.txt
  dpkg --admindir="$W/bundle/rootfs/var/lib/dpkg" --instdir="$W/bundle/rootfs" --force-script-chrootless --force-not-root \
    -i debs/drydock-fixture.deb debs/hostname.deb >/dev/null
  umoci repack --image oci:2 --history.created_by "dpkg -i drydock-fixture.deb hostname.deb" bundle >/dev/null
  cp -a bundle/rootfs/var/lib/dpkg admin
  rm -rf bundle debs
  umoci gc --layout oci
}

"build_$PART"
date -u +%FT%TZ > .complete
