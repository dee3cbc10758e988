#!/usr/bin/env bash
# Installs, from Debian 12's own archive, everything Drydock's tests and demo need: the image builders
# (mmdebstrap, umoci, skopeo, buildah), a real registry, dockerd and podman (its Docker-compatible service), signing tools, rpm/dnf for rpm databases,
# ISA-L (igzip, and libisal2 for the fast gzip path and its tests), libzstd1 (the native zstd path), Chromium for the HTML report and dashboard tests (chromium-driver beside it), Node.js/npm for schema validation and the sigstore-js oracle, ansible-core
# (ansible-playbook --syntax-check of deploy/ansible), OpenSSH (the ssh:// engine tests run a real sshd on 127.0.0.1), notary (notary-server + client for the Docker Content Trust tests),
# PostgreSQL (the drydock server tests start their own cluster).
# Idempotent; needs root (uses sudo when not root).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
pkgs=(
  ca-certificates curl git jq openssl sqlite3 xz-utils zstd gzip
  mmdebstrap debootstrap umoci skopeo buildah
  docker-registry apache2-utils docker.io containerd runc
  podman conmon catatonit
  python3 python3-nacl python3-cryptography python3-rpm python3-requests python3-yaml
  rpm dnf createrepo-c db5.3-util
  chromium chromium-driver
  clang zlib1g-dev
  isal libisal2 libisal-dev libzstd1
  unzip maven
  ansible-core
  openssh-server openssh-client
  notary
  postgresql
)
# Node.js and npm: Debian's packages on a plain Debian 12; a machine that already has node/npm (e.g. from
# NodeSource, whose nodejs package bundles npm and conflicts with Debian's npm) keeps its own.
command -v node >/dev/null || pkgs+=(nodejs)
command -v npm >/dev/null || pkgs+=(npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "install-deps: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
echo "install-deps: ok" >&2
