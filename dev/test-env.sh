#!/usr/bin/env bash
# The real components scangate's tests need on a machine without a container engine:
# Debian's docker-registry (distribution 2.8) on loopback, one open and one behind htpasswd basic
# auth, and small real OCI/Docker images built with umoci and pushed with skopeo.
#
# Usage:
#   dev/test-env.sh up      install what is missing (Debian packages), start registries, push images,
#                           create the test database; prints the variables the tests read
#   dev/test-env.sh down    stop the registries this script started
#   dev/test-env.sh env     print the export lines only
#
# Everything lives under $SCANGATE_TEST_HOME (default /tmp/scangate-test). Images are reproducible:
# the same inputs give the same digests, so repeated runs only re-push what is missing.
set -euo pipefail

HOME_DIR=${SCANGATE_TEST_HOME:-/tmp/scangate-test}
OPEN_ADDR=127.0.0.1:5000
AUTH_ADDR=127.0.0.1:5001
AUTH_USER=scangate
AUTH_PASSWORD=registry-test-password
DB_NAME=${SCANGATE_TEST_DB_NAME:-scangate_test}
CREATED=2024-01-01T00:00:00Z

log() { printf '[test-env] %s\n' "$*" >&2; }

install_packages() {
  local missing=()
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v skopeo >/dev/null || missing+=(skopeo)
  command -v umoci >/dev/null || missing+=(umoci)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  command -v jq >/dev/null || missing+=(jq)
  command -v npm >/dev/null || missing+=(npm)
  # rpm catalog tests: real rpm databases made by rpm itself (sqlite and Berkeley DB)
  command -v rpm >/dev/null || missing+=(rpm)
  command -v db5.3_load >/dev/null || missing+=(db5.3-util)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  command -v gpg >/dev/null || missing+=(gpg)
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing ${missing[*]}"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; then
      log "install failed; refreshing the package lists and trying again"
      apt-get update -q >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
    fi
  fi
}

# start_registry NAME ADDR [htpasswd-file]
start_registry() {
  local name=$1 addr=$2 htpasswd=${3:-}
  local dir=$HOME_DIR/registry-$name
  mkdir -p "$dir/data"
  if [[ -f $dir/pid ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    log "registry $name already running on $addr"
    return 0
  fi
  {
    cat <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: $addr
  headers:
    X-Content-Type-Options: [nosniff]
YAML
    if [[ -n $htpasswd ]]; then
      cat <<YAML
auth:
  htpasswd:
    realm: scangate-test
    path: $htpasswd
YAML
    fi
  } >"$dir/config.yml"
  setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  for _ in $(seq 1 100); do
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://$addr/v2/" || true)
    if [[ $code == 200 || $code == 401 ]]; then
      log "registry $name up on $addr (pid $(cat "$dir/pid"))"
      return 0
    fi
    sleep 0.1
  done
  log "registry $name did not start:"; cat "$dir/registry.log" >&2; exit 1
}

stop_registry() {
  local dir=$HOME_DIR/registry-$1
  if [[ -f $dir/pid ]]; then
    kill "$(cat "$dir/pid")" 2>/dev/null || true
    rm -f "$dir/pid"
  fi
}

# build_files_image LAYOUT TAG ARCH LABEL SRC:DEST... -- a one-layer image holding the given files
build_files_image() {
  local layout=$1 tag=$2 arch=$3 label=$4; shift 4
  local stage
  stage=$(mktemp -d "$HOME_DIR/stage.XXXXXX")
  [[ -f $layout/oci-layout ]] || umoci init --layout "$layout"
  umoci rm --image "$layout:$tag" 2>/dev/null || true
  umoci new --image "$layout:$tag"
  umoci config --image "$layout:$tag" --architecture "$arch" --os linux --created "$CREATED" --no-history \
    --config.user 1000:1000 --config.label "$label" --config.env PATH=/usr/bin:/bin
  # unpack -> copy -> repack: one layer with exactly these files (umoci insert writes truncated tars)
  umoci unpack --image "$layout:$tag" "$stage/bundle" >/dev/null
  local m src dst
  for m in "$@"; do
    src=${m%%:*}; dst=${m#*:}
    mkdir -p "$stage/bundle/rootfs$(dirname "$dst")"
    cp -a "$src" "$stage/bundle/rootfs$dst"
  done
  chown -R 0:0 "$stage/bundle/rootfs"
  find "$stage/bundle/rootfs" -exec touch -h -d "$CREATED" {} +
  umoci repack --image "$layout:$tag" --history.created "$CREATED" --history.created_by "dev/test-env.sh" "$stage/bundle"
  umoci gc --layout "$layout"
  rm -rf "$stage"
}

layout_digest() {
  jq -r --arg t "$2" '.manifests[]|select(.annotations["org.opencontainers.image.ref.name"]==$t)|.digest' "$1/index.json"
}

make_index() {
  local layout=$1 itag=$2; shift 2
  local entries=() t desc cfg plat
  for t in "$@"; do
    desc=$(jq -c --arg t "$t" '.manifests[]|select(.annotations["org.opencontainers.image.ref.name"]==$t)' "$layout/index.json")
    cfg=$(jq -r .config.digest "$layout/blobs/sha256/$(jq -r .digest <<<"$desc" | cut -d: -f2)")
    plat=$(jq -c '{architecture,os} + (if .variant then {variant} else {} end)' "$layout/blobs/sha256/${cfg#sha256:}")
    entries+=("$(jq -c --argjson p "$plat" '{mediaType,digest,size,platform:$p}' <<<"$desc")")
  done
  local idx dig size tmp
  idx=$(printf '%s\n' "${entries[@]}" | jq -cs '{schemaVersion:2,mediaType:"application/vnd.oci.image.index.v1+json",manifests:.}')
  dig=$(printf '%s' "$idx" | sha256sum | cut -d' ' -f1); size=$(printf '%s' "$idx" | wc -c)
  printf '%s' "$idx" >"$layout/blobs/sha256/$dig"
  tmp=$(mktemp)
  jq --arg t "$itag" --arg d "sha256:$dig" --argjson s "$size" \
    '.manifests |= (map(select(.annotations["org.opencontainers.image.ref.name"]!=$t)) + [{mediaType:"application/vnd.oci.image.index.v1+json",digest:$d,size:$s,annotations:{"org.opencontainers.image.ref.name":$t}}])' \
    "$layout/index.json" >"$tmp" && mv "$tmp" "$layout/index.json"
}

push() { skopeo copy -q --dest-tls-verify=false "$@" >/dev/null; }

build_images() {
  local layout=$HOME_DIR/oci files=$HOME_DIR/files
  rm -rf "$layout"; mkdir -p "$files"
  printf 'scangate test image\n' >"$files/hello.txt"
  printf '#!/bin/sh\necho scangate\n' >"$files/run.sh"; chmod 755 "$files/run.sh"
  printf 'corrupt me\n' >"$files/corrupt.txt"

  build_files_image "$layout" files-amd64 amd64 dev.scangate.test=files "$files/hello.txt:/etc/hello.txt" "$files/run.sh:/usr/bin/run.sh"
  build_files_image "$layout" files-arm64 arm64 dev.scangate.test=files "$files/hello.txt:/etc/hello.txt" "$files/run.sh:/usr/bin/run.sh"
  make_index "$layout" multi files-amd64 files-arm64
  build_files_image "$layout" corrupt amd64 dev.scangate.test=corrupt "$files/corrupt.txt:/etc/corrupt.txt"
  build_files_image "$layout" private amd64 dev.scangate.test=private "$files/hello.txt:/etc/private.txt"

  push "oci:$layout:files-amd64" "docker://$OPEN_ADDR/scangate-test/files:1"
  push --all "oci:$layout:multi" "docker://$OPEN_ADDR/scangate-test/multi:1"
  push --format v2s2 "oci:$layout:files-amd64" "docker://$OPEN_ADDR/scangate-test/docker-v2:1"
  push "oci:$layout:corrupt" "docker://$OPEN_ADDR/scangate-test/corrupt:1"
  push --dest-creds "$AUTH_USER:$AUTH_PASSWORD" "oci:$layout:private" "docker://$AUTH_ADDR/scangate-test/private:1"

  # Corrupt the config blob of scangate-test/corrupt in the registry's storage: same size, one
  # byte changed, so the registry serves it under its old digest (the digest-mismatch test).
  local manifest cfg data
  manifest=$(layout_digest "$layout" corrupt)
  cfg=$(jq -r .config.digest "$layout/blobs/sha256/${manifest#sha256:}")
  data=$HOME_DIR/registry-open/data/docker/registry/v2/blobs/sha256/${cfg:7:2}/${cfg#sha256:}/data
  sed -i 's/"corrupt"/"CORRUPT"/' "$data"
  log "images pushed; corrupted config blob $cfg"
}

# Real artifacts from the registries this machine reaches, placed in one image:
# Maven Central jars, npm packages, Debian's Python packages and a Go binary from a Debian package.
build_artifacts_image() {
  local layout=$HOME_DIR/oci-artifacts work=$HOME_DIR/artifacts root
  root=$(cd "$(dirname "$0")/.." && pwd)
  # bump the stamp when the image's content changes
  local stamp=$HOME_DIR/artifacts-2.done
  if [[ -f $stamp ]] && skopeo inspect --raw --tls-verify=false "docker://$OPEN_ADDR/scangate-test/artifacts:2" >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$work" "$layout"; mkdir -p "$work/rootfs/app/lib" "$work/debs" "$work/npm"
  local m2=${MAVEN_REPO:-$HOME/.m2/repository} gav
  # jline 3.26.3 is an uber jar that embeds the pom.properties of 12 other jline modules
  for gav in org.apache.logging.log4j:log4j-core:2.14.1 org.apache.logging.log4j:log4j-api:2.14.1 \
      org.jline:jline:3.26.3; do
    "$root/mvnw" -B -q dependency:get -Dartifact="$gav" -Dtransitive=false >/dev/null
    IFS=: read -r g a v <<<"$gav"
    cp "$m2/${g//.//}/$a/$v/$a-$v.jar" "$work/rootfs/app/lib/"
  done
  (cd "$work/npm" && npm install --silent --no-audit --no-fund --prefix . lodash@4.17.20 minimist@1.2.5 >/dev/null)
  mkdir -p "$work/rootfs/app" && cp -a "$work/npm/node_modules" "$work/rootfs/app/node_modules"
  (cd "$work/debs" && apt-get download -q python3-six python3-urllib3 fzf >/dev/null 2>&1)
  local deb
  for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/rootfs"; done
  rm -rf "$work/rootfs/usr/share/doc" "$work/rootfs/usr/share/man"
  chown -R 0:0 "$work/rootfs"
  find "$work/rootfs" -exec touch -h -d "$CREATED" {} +
  umoci init --layout "$layout"
  umoci new --image "$layout:1"
  umoci config --image "$layout:1" --architecture amd64 --os linux --created "$CREATED" --no-history
  umoci unpack --image "$layout:1" "$work/bundle" >/dev/null
  cp -a "$work/rootfs/." "$work/bundle/rootfs/"
  umoci repack --image "$layout:1" --history.created "$CREATED" --history.created_by "dev/test-env.sh artifacts" "$work/bundle"
  # Tag 2: an upper layer that deletes log4j-api (a .wh. whiteout) and replaces /app/node_modules
  # with a directory holding only minimist (an opaque directory: lodash below must disappear).
  umoci unpack --image "$layout:1" "$work/bundle2" >/dev/null
  rm "$work/bundle2/rootfs/app/lib/log4j-api-2.14.1.jar"
  rm -rf "$work/bundle2/rootfs/app/node_modules"
  mkdir -p "$work/bundle2/rootfs/app/node_modules"
  cp -a "$work/npm/node_modules/minimist" "$work/bundle2/rootfs/app/node_modules/"
  find "$work/bundle2/rootfs/app" -exec touch -h -d "$CREATED" {} +
  umoci repack --image "$layout:2" --history.created "$CREATED" --history.created_by "remove log4j-api, replace node_modules" "$work/bundle2"
  umoci gc --layout "$layout"
  push "oci:$layout:1" "docker://$OPEN_ADDR/scangate-test/artifacts:1"
  push "oci:$layout:2" "docker://$OPEN_ADDR/scangate-test/artifacts:2"
  rm -rf "$work/bundle" "$work/bundle2"
  touch "$stamp"
  log "artifacts image pushed"
}

debian_mirror() {
  local m
  m=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [[ -z $m ]] && m=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# A real Debian 12 minbase image (debootstrap -> umoci -> skopeo), plus the truth about its dpkg
# database from dpkg-query, and a second tag whose upper layer purges a package.
build_debian_image() {
  local layout=$HOME_DIR/oci-debian work=$HOME_DIR/debian cache=${SCANGATE_TEST_CACHE:-/var/cache/scangate-test}
  local tarball=$cache/debootstrap-bookworm-minbase-amd64.tgz mirror
  mirror=$(debian_mirror)
  mkdir -p "$cache" "$work"
  if [[ -f $HOME_DIR/debian.done ]] && skopeo inspect --raw --tls-verify=false "docker://$OPEN_ADDR/scangate-test/debian:12-purged" >/dev/null 2>&1; then
    return 0
  fi
  if [[ ! -f $tarball ]]; then
    log "downloading Debian bookworm minbase packages (once; cached in $cache)"
    debootstrap --variant=minbase --arch=amd64 --make-tarball="$tarball" bookworm "$work/tb" "$mirror" >"$work/debootstrap-dl.log" 2>&1 \
      || { tail -20 "$work/debootstrap-dl.log" >&2; exit 1; }
    rm -rf "$work/tb"
  fi
  rm -rf "$layout" "$work/bundle"
  umoci init --layout "$layout"
  umoci new --image "$layout:12"
  umoci config --image "$layout:12" --architecture amd64 --os linux --created "$CREATED" --no-history
  umoci unpack --image "$layout:12" "$work/bundle" >/dev/null
  rmdir "$work/bundle/rootfs"
  debootstrap --variant=minbase --arch=amd64 --unpack-tarball="$tarball" bookworm "$work/bundle/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  for m in proc sys dev/pts dev; do mountpoint -q "$work/bundle/rootfs/$m" && umount -l "$work/bundle/rootfs/$m" || true; done
  rm -rf "$work"/bundle/rootfs/var/cache/apt/archives/*.deb "$work"/bundle/rootfs/var/lib/apt/lists/* "$work"/bundle/rootfs/var/log/* \
    "$work"/bundle/rootfs/tmp/* "$work"/bundle/rootfs/var/cache/ldconfig/aux-cache
  : >"$work/bundle/rootfs/etc/machine-id"
  # The truth the SBOM tests compare with: installed packages per dpkg-query.
  dpkg-query --admindir="$work/bundle/rootfs/var/lib/dpkg" -W \
    -f '${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n' \
    | awk -F'\t' '$1 ~ /^ii/ {print $2"\t"$3"\t"$4"\t"$5"\t"$6}' | sort >"$HOME_DIR/debian-12.dpkg.tsv"
  find "$work/bundle/rootfs" -xdev -exec touch -h -d "$CREATED" {} +
  umoci repack --image "$layout:12" --history.created "$CREATED" --history.created_by "debootstrap --variant=minbase bookworm" "$work/bundle"
  umoci config --image "$layout:12" --created "$CREATED" --no-history \
    --config.cmd /bin/bash --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  # An upper layer that purges a package (a real dpkg operation rewriting the status file).
  umoci unpack --image "$layout:12" "$work/bundle2" >/dev/null
  dpkg --root="$work/bundle2/rootfs" --force-depends --force-remove-essential --purge libsemanage-common >/dev/null
  find "$work/bundle2/rootfs" -xdev -exec touch -h -d "$CREATED" {} +
  umoci repack --image "$layout:12-purged" --history.created "$CREATED" --history.created_by "dpkg --purge libsemanage-common" "$work/bundle2"
  umoci gc --layout "$layout"
  rm -rf "$work/bundle" "$work/bundle2"
  push "oci:$layout:12" "docker://$OPEN_ADDR/scangate-test/debian:12"
  push "oci:$layout:12-purged" "docker://$OPEN_ADDR/scangate-test/debian:12-purged"
  touch "$HOME_DIR/debian.done"
  log "Debian 12 image pushed ($(wc -l <"$HOME_DIR/debian-12.dpkg.tsv") dpkg packages)"
}

create_database() {
  if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1" >/dev/null 2>&1; then
    log "PostgreSQL is not answering on 127.0.0.1:5432; starting the local cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  fi
  if [[ -z $(psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname='$DB_NAME'") ]]; then
    psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $DB_NAME" >/dev/null
    log "created database $DB_NAME"
  fi
  # Each test context creates its own scangate_it_* database; drop those of earlier runs that
  # nobody is connected to (a test run in progress keeps its connections open).
  local stale dropped=0
  stale=$(psql -h 127.0.0.1 -U postgres -d postgres -tAc \
    "select datname from pg_database where datname like 'scangate_it_%'
       and datname not in (select datname from pg_stat_activity where datname is not null)")
  for db in $stale; do
    psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db" >/dev/null 2>&1 \
      && dropped=$((dropped + 1))
  done
  [[ $dropped -eq 0 ]] || log "dropped $dropped test databases of earlier runs"
}

print_env() {
  cat <<ENV
export SCANGATE_TEST_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/$DB_NAME
export SCANGATE_TEST_DATABASE_USERNAME=postgres
export SCANGATE_TEST_REGISTRY=$OPEN_ADDR
export SCANGATE_TEST_AUTH_REGISTRY=$AUTH_ADDR
export SCANGATE_TEST_AUTH_REGISTRY_USERNAME=$AUTH_USER
export SCANGATE_TEST_AUTH_REGISTRY_PASSWORD=$AUTH_PASSWORD
export SCANGATE_TEST_HOME=$HOME_DIR
ENV
}

case ${1:-up} in
  up)
    install_packages
    mkdir -p "$HOME_DIR"
    htpasswd -Bbc "$HOME_DIR/htpasswd" "$AUTH_USER" "$AUTH_PASSWORD" 2>/dev/null
    start_registry open "$OPEN_ADDR"
    start_registry auth "$AUTH_ADDR" "$HOME_DIR/htpasswd"
    build_images
    build_debian_image
    build_artifacts_image
    create_database
    print_env
    ;;
  down)
    stop_registry open; stop_registry auth ;;
  env)
    print_env ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
