#!/usr/bin/env bash
# Regenerates src/test/resources/catalog/os/dpkg/ from a real debootstrap rootfs
# (debootstrap-rootfs.sh) with real dpkg and dpkg-query:
#   bookworm/    the rootfs's dpkg status (with a held, a deinstall-selected and a removed
#                package), os-release, debian_version, a few copyright files, and
#                dpkg-query.tsv: what dpkg-query reports for that database
#   distroless/  a distroless-style var/lib/dpkg/status.d/: for a few packages, the control
#                file (dpkg-deb --field) and md5sums (dpkg-deb --ctrl-tarfile) of the real .deb,
#                as distroless images carry them, plus dpkg-query.tsv for those packages
# Usage: make-dpkg-fixtures.sh   (run from scanner-adapters/, as root)
set -euo pipefail
OUT=src/test/resources/catalog/os/dpkg
WORK=$(mktemp -d /tmp/scangate-test/dpkg-fixtures.XXXXXX)
trap 'rm -rf "$WORK" "$WORK.rootfs"*' EXIT
ROOT=$WORK/rootfs
bash src/test/scripts/debootstrap-rootfs.sh "$ROOT"
FORMAT='${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\t${db:Status-Abbrev}\n'

rm -rf "$OUT"
B=$OUT/bookworm
mkdir -p "$B/var/lib/dpkg" "$B/usr/lib" "$B/etc"
cp "$ROOT/var/lib/dpkg/status" "$B/var/lib/dpkg/status"
cp "$ROOT/usr/lib/os-release" "$B/usr/lib/os-release"
cp "$ROOT/etc/debian_version" "$B/etc/debian_version"
for p in libc6 bash zlib1g libzstd1 tar; do
  mkdir -p "$B/usr/share/doc/$p"
  cp "$ROOT/usr/share/doc/$p/copyright" "$B/usr/share/doc/$p/copyright"
done
dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f "$FORMAT" > "$B/dpkg-query.tsv"

D=$OUT/distroless
PACKAGES="base-files bash bsdutils diffutils gcc-12-base libc6 libgcc-s1 zlib1g"
mkdir -p "$D/var/lib/dpkg/status.d" "$D/usr/lib" "$D/ctrl"
cp "$ROOT/usr/lib/os-release" "$D/usr/lib/os-release"
for p in $PACKAGES; do
  deb=$(ls "$ROOT"/var/cache/apt/archives/"${p}"_*.deb)
  dpkg-deb --field "$deb" > "$D/var/lib/dpkg/status.d/$p"
  tar -x -C "$D/ctrl" -f <(dpkg-deb --ctrl-tarfile "$deb") ./md5sums
  mv "$D/ctrl/md5sums" "$D/var/lib/dpkg/status.d/$p.md5sums"
  dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f "$FORMAT" "$p" >> "$D/dpkg-query.tsv"
done
rmdir "$D/ctrl"
echo "wrote $OUT: $(grep -c '^Package:' "$B/var/lib/dpkg/status") stanzas, $(ls "$D/var/lib/dpkg/status.d" | wc -l) status.d files"
