#!/usr/bin/env bash
# Installs a real Debian bookworm minbase root filesystem into DIR with debootstrap, and prepares
# real dpkg states the dpkg cataloger must tell apart (see DpkgCatalogerIT):
#   bash                hold ok installed       (dpkg --set-selections: hold)
#   e2fsprogs           deinstall ok installed  (selected for removal, still installed)
#   util-linux-extra    deinstall ok config-files (dpkg --remove: only conffiles left)
# The .debs stay in DIR/var/cache/apt/archives for building a distroless status.d from them.
#
# Usage: debootstrap-rootfs.sh DIR
# Needs root and debootstrap. The downloaded packages are cached as a tarball in
# ${SCANGATE_DEBOOTSTRAP_CACHE:-/tmp/scangate-test/debootstrap}, so only the first run downloads
# (~15 s); installing from the tarball takes ~25 s. Mirror: first URIs: of
# /etc/apt/sources.list.d/debian.sources, else http://deb.debian.org/debian.
set -euo pipefail

DIR=${1:?usage: debootstrap-rootfs.sh DIR}
CACHE=${SCANGATE_DEBOOTSTRAP_CACHE:-/tmp/scangate-test/debootstrap}
TARBALL=$CACHE/bookworm-minbase-amd64.tgz
command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "debootstrap needs root" >&2; exit 1; }

MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[[ -n $MIRROR ]] || MIRROR=http://deb.debian.org/debian

mkdir -p "$CACHE"
if [[ ! -f $TARBALL ]]; then
  rm -rf "$CACHE/tb-tmp"
  debootstrap --variant=minbase --arch=amd64 --make-tarball="$TARBALL.partial" bookworm \
    "$CACHE/tb-tmp" "$MIRROR" >"$CACHE/make-tarball.log" 2>&1 \
    || { tail -20 "$CACHE/make-tarball.log" >&2; exit 1; }
  mv "$TARBALL.partial" "$TARBALL"
  rm -rf "$CACHE/tb-tmp"
fi

unmount() {
  for m in proc sys dev/pts dev; do
    if mountpoint -q "$DIR/$m" 2>/dev/null; then umount -l "$DIR/$m" || true; fi
  done
}
trap unmount EXIT
debootstrap --variant=minbase --arch=amd64 --unpack-tarball="$TARBALL" bookworm "$DIR" "$MIRROR" \
  >"$DIR.debootstrap.log" 2>&1 || { tail -20 "$DIR.debootstrap.log" >&2; exit 1; }
unmount

echo "bash hold" | dpkg --root="$DIR" --set-selections
echo "e2fsprogs deinstall" | dpkg --root="$DIR" --set-selections
dpkg --root="$DIR" --remove --force-depends util-linux-extra >"$DIR.dpkg.log" 2>&1 \
  || { cat "$DIR.dpkg.log" >&2; exit 1; }
