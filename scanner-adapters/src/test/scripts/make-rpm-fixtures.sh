#!/usr/bin/env bash
# Regenerates src/test/resources/catalog/os/rpm/ with the real rpm 4.18 tools of Debian
# (apt-get install -y rpm gpg sqlite3 db5.3-util): builds tiny real packages with rpmbuild from the specs below
# (an x86_64 package with an epoch and an SPDX license expression, a source package with two
# binary subpackages, a noarch package), installs them with `rpm -i --justdb` into a new sqlite
# rpmdb (rpmdb.sqlite, as RHEL 9, Fedora, UBI 9, Rocky/Alma 9 have), imports a GPG public key
# (a gpg-pubkey pseudo-package, as every real rpmdb has), and records what `rpm -qa` reports:
#   sqlite/var/lib/rpm/rpmdb.sqlite   the database (WAL mode, checkpointed, as rpm leaves it)
#   sqlite/rpm-qa.tsv                 rpm -qa --qf '%{NAME}\t%{EPOCH}\t%{EPOCHNUM}\t%{VERSION}\t
#                                     %{RELEASE}\t%{ARCH}\t%{LICENSE}\t%{SOURCERPM}\t%{VENDOR}\n'
# and the same headers as Berkeley DB hash databases (the rpmdb format before rpm 4.16, RHEL 7/8),
# written by Berkeley DB 5.3's db5.3_load (apt-get install -y db5.3-util) the way rpm's BDB backend
# stored them (key: header number as a native 4-byte integer; key 0: the next header number), and
# read back by rpm's own read-only BDB backend (--define '_db_backend bdb_ro') for rpm-qa.tsv:
#   bdb-4096/        4 KiB pages, headers on overflow pages (the usual layout)
#   bdb-512/         512-byte pages, each header on a chain of several overflow pages
#   bdb-65536/       64 KiB pages, headers stored on the hash pages themselves
#   bdb-big-endian/  4 KiB pages in big-endian byte order (as written on s390x)
#   bdb-many/, bdb-many-65536/   only when SCANGATE_RPM_MANY=N is set: N header copies, in many
#                    buckets (4 KiB pages, fill factor 4) and in bucket pages that overflow onto
#                    further hash pages (64 KiB pages)
# Usage: make-rpm-fixtures.sh [OUT]   (run from scanner-adapters/; OUT defaults to the fixture
#        directory, RpmCatalogerIT passes a temporary one)
set -euo pipefail
for b in rpm rpmbuild gpg sqlite3 db5.3_load; do
  command -v $b >/dev/null \
    || { echo "missing $b: apt-get install -y rpm gpg sqlite3 db5.3-util" >&2; exit 1; }
done
OUT=${1:-src/test/resources/catalog/os/rpm}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/SPECS" "$WORK/db"

cat > "$WORK/SPECS/scangate-demo.spec" <<'SPEC'
Name:           scangate-demo
Epoch:          2
Version:        1.4.2
Release:        3.el9
Summary:        Demo package with an epoch
License:        GPL-2.0-or-later AND MIT
Vendor:         scangate test
%description
A package with an epoch and a license expression.
%install
mkdir -p %{buildroot}/usr/share/scangate-demo
echo demo > %{buildroot}/usr/share/scangate-demo/README
%files
/usr/share/scangate-demo/README
SPEC

cat > "$WORK/SPECS/scangate-tools.spec" <<'SPEC'
Name:           scangate-tools
Version:        0.9
Release:        1.fc40
Summary:        Demo source package with a library subpackage
License:        Apache-2.0
%description
A source package that builds two binary packages.
%package        libs
Summary:        Libraries of scangate-tools
License:        BSD-3-Clause
%description    libs
The library subpackage.
%install
mkdir -p %{buildroot}/usr/bin %{buildroot}/usr/lib64
echo tool > %{buildroot}/usr/bin/scangate-tool
echo lib > %{buildroot}/usr/lib64/libscangate.so.0
%files
/usr/bin/scangate-tool
%files libs
/usr/lib64/libscangate.so.0
SPEC

cat > "$WORK/SPECS/scangate-data.spec" <<'SPEC'
Name:           scangate-data
Version:        2024.1
Release:        7
Summary:        Demo architecture-independent package
License:        CC0-1.0
BuildArch:      noarch
%description
A noarch package.
%install
mkdir -p %{buildroot}/usr/share/scangate-data
echo data > %{buildroot}/usr/share/scangate-data/data.txt
%files
/usr/share/scangate-data/data.txt
SPEC

for spec in "$WORK"/SPECS/*.spec; do
  rpmbuild --define "_topdir $WORK" --target x86_64 -bb "$spec" >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; exit 1; }
done
RPM=(rpm --dbpath "$WORK/db" --define '_db_backend sqlite')
"${RPM[@]}" --initdb
"${RPM[@]}" -i --justdb --nodeps --ignorearch --ignoreos "$WORK"/RPMS/*/*.rpm

export GNUPGHOME=$WORK/gnupg
mkdir -m 700 "$GNUPGHOME"
gpg --batch --passphrase '' --quick-gen-key 'scangate test <test@scangate.dev>' rsa2048 sign never 2>/dev/null
gpg --armor --export test@scangate.dev > "$WORK/key.asc"
"${RPM[@]}" --import "$WORK/key.asc"

rm -rf "$OUT/sqlite"
mkdir -p "$OUT/sqlite/var/lib/rpm"
cp "$WORK/db/rpmdb.sqlite" "$OUT/sqlite/var/lib/rpm/rpmdb.sqlite"
"${RPM[@]}" -qa --qf '%{NAME}\t%{EPOCH}\t%{EPOCHNUM}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{LICENSE}\t%{SOURCERPM}\t%{VENDOR}\n' \
  | sort > "$OUT/sqlite/rpm-qa.tsv"
QF='%{NAME}\t%{EPOCH}\t%{EPOCHNUM}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{LICENSE}\t%{SOURCERPM}\t%{VENDOR}\n'
le32() { printf '%02x%02x%02x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
sqlite3 -readonly "$WORK/db/rpmdb.sqlite" 'SELECT hnum, lower(hex(blob)) FROM Packages ORDER BY hnum' \
  > "$WORK/headers.txt"
dump() { # $1: number of entries (0: one per header)
  local count=$1 n=0 max
  mapfile -t rows < "$WORK/headers.txt"
  [[ $count == 0 ]] && count=${#rows[@]}
  max=$(( count > ${rows[-1]%%|*} ? count : ${rows[-1]%%|*} ))
  printf 'VERSION=3\nformat=bytevalue\ntype=hash\nHEADER=END\n'
  printf ' %s\n %s\n' "$(le32 0)" "$(le32 "$max")"
  while (( n < count )); do
    row=${rows[n % ${#rows[@]}]}
    if [[ $1 == 0 ]]; then key=${row%%|*}; else key=$((n + 1)); fi
    printf ' %s\n %s\n' "$(le32 "$key")" "${row#*|}"
    n=$((n + 1))
  done
  echo DATA=END
}
bdb() { # $1: directory name, $2: entries, $3...: db5.3_load -c settings
  local name=$1 count=$2; shift 2
  local settings=()
  for s in "$@"; do settings+=(-c "$s"); done
  rm -rf "${OUT:?}/$name"
  mkdir -p "$OUT/$name/var/lib/rpm"
  dump "$count" | db5.3_load -t hash "${settings[@]}" "$OUT/$name/var/lib/rpm/Packages"
  rpm --dbpath "$(cd "$OUT/$name/var/lib/rpm" && pwd)" --define '_db_backend bdb_ro' -qa --qf "$QF" \
    2>/dev/null | sort > "$OUT/$name/rpm-qa.tsv"
}
bdb bdb-4096 0 db_pagesize=4096
bdb bdb-512 0 db_pagesize=512
bdb bdb-65536 0 db_pagesize=65536
bdb bdb-big-endian 0 db_pagesize=4096 db_lorder=4321
if [[ -n ${SCANGATE_RPM_MANY:-} ]]; then
  bdb bdb-many "$SCANGATE_RPM_MANY" db_pagesize=4096 h_ffactor=4
  bdb bdb-many-65536 "$SCANGATE_RPM_MANY" db_pagesize=65536
fi
echo "wrote $OUT: sqlite/ and the Berkeley DB variants, $(wc -l < "$OUT/sqlite/rpm-qa.tsv") rpm -qa entries each"
