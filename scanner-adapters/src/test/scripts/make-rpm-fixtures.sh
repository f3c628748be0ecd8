#!/usr/bin/env bash
# Regenerates src/test/resources/catalog/os/rpm/ with the real rpm 4.18 tools of Debian
# (apt-get install -y rpm gpg): builds tiny real packages with rpmbuild from the specs below
# (an x86_64 package with an epoch and an SPDX license expression, a source package with two
# binary subpackages, a noarch package), installs them with `rpm -i --justdb` into a new sqlite
# rpmdb (rpmdb.sqlite, as RHEL 9, Fedora, UBI 9, Rocky/Alma 9 have), imports a GPG public key
# (a gpg-pubkey pseudo-package, as every real rpmdb has), and records what `rpm -qa` reports:
#   sqlite/var/lib/rpm/rpmdb.sqlite   the database (WAL mode, checkpointed, as rpm leaves it)
#   sqlite/rpm-qa.tsv                 rpm -qa --qf '%{NAME}\t%{EPOCH}\t%{EPOCHNUM}\t%{VERSION}\t
#                                     %{RELEASE}\t%{ARCH}\t%{LICENSE}\t%{SOURCERPM}\t%{VENDOR}\n'
# Usage: make-rpm-fixtures.sh [OUT]   (run from scanner-adapters/; OUT defaults to the fixture
#        directory, RpmCatalogerIT passes a temporary one)
set -euo pipefail
for b in rpm rpmbuild gpg; do
  command -v $b >/dev/null || { echo "missing $b: apt-get install -y rpm gpg" >&2; exit 1; }
done
OUT=${1:-src/test/resources/catalog/os/rpm/sqlite}
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

rm -rf "$OUT"
mkdir -p "$OUT/var/lib/rpm"
cp "$WORK/db/rpmdb.sqlite" "$OUT/var/lib/rpm/rpmdb.sqlite"
"${RPM[@]}" -qa --qf '%{NAME}\t%{EPOCH}\t%{EPOCHNUM}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{LICENSE}\t%{SOURCERPM}\t%{VENDOR}\n' \
  | sort > "$OUT/rpm-qa.tsv"
echo "wrote $OUT: $(wc -l < "$OUT/rpm-qa.tsv") rpm -qa entries"
