#!/usr/bin/env bash
# Builds small real OCI images for the layer extractor's tests (LayerExtractorUmociIT) with umoci
# and skopeo, using the unpack -> change -> repack recipe of dev/test-env.sh (never umoci insert).
#
# Usage: build-layer-images.sh OUT_DIR
#   OUT_DIR/oci       tag "layers": two gzip layers written by umoci 0.4
#   OUT_DIR/oci-zstd  tag "layers": the same image with zstd layers, recompressed by skopeo
#
# Layer 0: /usr/lib/os-release and the symlink /etc/os-release -> ../usr/lib/os-release,
#          /var/lib/dpkg/status, /etc/gone.txt, /opt/app/{a.jar,sub/b.jar},
#          /usr/bin/tool with a hard link /usr/bin/tool-hardlink, /usr/lib/apk/db/installed
#          reached through the merged-/usr symlink /lib -> usr/lib
# Layer 1: deletes /etc/gone.txt (umoci writes etc/.wh.gone.txt), replaces the directory
#          /opt/app by a new one holding only new.jar (umoci 0.4 writes a .wh. entry per
#          removed child, not .wh..wh..opq), changes /var/lib/dpkg/status, adds a package.json
#          below a directory name longer than 100 characters (a PAX header)
set -euo pipefail

out=${1:?usage: $0 OUT_DIR}
created=2024-01-01T00:00:00Z
layout=$out/oci
stage=$(mktemp -d "${TMPDIR:-/tmp}/layer-images.XXXXXX")
trap 'rm -rf "$stage"' EXIT

normalize() { # fixed owner and times, so the same inputs give the same digests
  chown -R 0:0 "$1"
  find "$1" -exec touch -h -d "$created" {} +
}

rm -rf "$layout" "$out/oci-zstd"
mkdir -p "$out"
umoci init --layout "$layout"
umoci new --image "$layout:layers"
umoci config --image "$layout:layers" --architecture amd64 --os linux --created "$created" \
  --no-history

# layer 0
umoci unpack --image "$layout:layers" "$stage/bundle" >/dev/null
rootfs=$stage/bundle/rootfs
mkdir -p "$rootfs"/{etc,usr/lib/apk/db,usr/bin,var/lib/dpkg,opt/app/sub}
printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' \
  >"$rootfs/usr/lib/os-release"
ln -s ../usr/lib/os-release "$rootfs/etc/os-release"
ln -s usr/lib "$rootfs/lib"
printf 'Package: base-files\nStatus: install ok installed\nVersion: 12.4\n' \
  >"$rootfs/var/lib/dpkg/status"
printf 'P:musl\nV:1.2.4-r2\n' >"$rootfs/usr/lib/apk/db/installed"
printf 'deleted in layer 1\n' >"$rootfs/etc/gone.txt"
printf 'a\n' >"$rootfs/opt/app/a.jar"
printf 'b\n' >"$rootfs/opt/app/sub/b.jar"
printf '#!/bin/sh\necho tool\n' >"$rootfs/usr/bin/tool"
chmod 755 "$rootfs/usr/bin/tool"
ln "$rootfs/usr/bin/tool" "$rootfs/usr/bin/tool-hardlink"
normalize "$rootfs"
umoci repack --image "$layout:layers" --history.created "$created" \
  --history.created_by "build-layer-images.sh layer 0" "$stage/bundle"
rm -rf "$stage/bundle"

# layer 1
umoci unpack --image "$layout:layers" "$stage/bundle" >/dev/null
rootfs=$stage/bundle/rootfs
rm "$rootfs/etc/gone.txt"
rm -rf "$rootfs/opt/app"
mkdir -p "$rootfs/opt/app"
printf 'new\n' >"$rootfs/opt/app/new.jar"
printf 'Package: base-files\nStatus: install ok installed\nVersion: 12.4+deb12u5\n' \
  >"$rootfs/var/lib/dpkg/status"
# one component longer than 100 characters: no ustar prefix/name split fits, Go writes PAX
long=usr/lib/node_modules/@scangate/$(printf 'long-package-name-%.0s' 1 2 3 4 5 6)x
mkdir -p "$rootfs/$long"
printf '{"name":"@scangate/long","version":"1.0.0"}\n' >"$rootfs/$long/package.json"
normalize "$rootfs"
umoci repack --image "$layout:layers" --history.created "$created" \
  --history.created_by "build-layer-images.sh layer 1" "$stage/bundle"
umoci gc --layout "$layout"

skopeo copy -q --dest-compress-format zstd "oci:$layout:layers" "oci:$out/oci-zstd:layers"
