#!/usr/bin/env bash
# Regenerates src/test/resources/lang/python: the Python package metadata files of real Debian
# packages (bookworm), at the paths dpkg installs them, and nothing else of the packages.
#   rootfs/usr/lib/python3/dist-packages/<name>-<version>.egg-info/PKG-INFO   (setuptools eggs)
#   rootfs/usr/lib/python3/dist-packages/<name>-<version>.dist-info/METADATA  (wheels)
# Usage: scanner-adapters/src/test/scripts/python-fixtures.sh   (needs apt-get, dpkg-deb)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../resources/lang/python/rootfs
packages=(python3-requests python3-urllib3 python3-six python3-certifi python3-idna
  python3-charset-normalizer)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download -q "${packages[@]}" >/dev/null 2>&1; then
  apt-get update -q >/dev/null
  apt-get download -q "${packages[@]}" >/dev/null
fi
for deb in ./*.deb; do
  dpkg-deb -x "$deb" rootfs
  echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"
done >versions.txt
rm -rf "$out"
find rootfs -path '*-packages/*.egg-info/PKG-INFO' -o -path '*-packages/*.dist-info/METADATA' |
  while read -r f; do
    mkdir -p "$out/$(dirname "${f#rootfs/}")"
    cp "$f" "$out/${f#rootfs/}"
  done
sed 's/^/# /' versions.txt
echo "wrote $out"
