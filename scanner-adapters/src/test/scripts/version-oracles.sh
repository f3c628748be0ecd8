#!/usr/bin/env bash
# Regenerates src/test/resources/osv/versions/*.tsv: for each pair of versions below, the order
# the ecosystem's own tool gives (-1, 0, 1), so that VersionSchemeOracleTest checks our
# comparators against the real implementations:
#   dpkg.tsv    dpkg --compare-versions (Debian's dpkg)
#   rpm.tsv     rpm.vercmp() in rpm's embedded Lua (Debian's rpm package)
#   pep440.tsv  packaging.version.Version (Debian's python3-packaging, or the python3 on PATH)
#   semver.tsv  semver.compare() of node-semver, installed from the npm registry
#   maven.tsv   org.apache.maven.artifact.versioning.ComparableVersion from Maven Central
# apk-tools (not packaged by Debian) and Go's x/mod/semver have no oracle here; their vectors
# are in VersionSchemeTest, taken from apk-tools' test/version.data and the Go module docs.
# Usage: scanner-adapters/src/test/scripts/version-oracles.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
out=$here/../resources/osv/versions
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
need() { command -v "$1" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }

# header FILE TOOL: the first lines of a golden file
header() { printf '# %s\n# a\tb\tsign(compare(a, b))\n' "$2" >"$1"; }

dpkg_pairs='1.0~rc1 1.0
1:0.9 2.0
2.36-9+deb12u3 2.36-9+deb12u14
1:1.0-1 2.0-1
1.0 1.0-0
1.00 1.0
0:1.0 1.0
1.0~~ 1.0~~a
1.0~~a 1.0~
1.0~ 1.0
1.0 1.0a
1.0a 1.0+
1.0+ 1.0.
1.0-1~bpo11+1 1.0-1
1.0-1 1.0-1+b1
3.20230808.1~deb12u1 3.20230808.1
3.20230808.1~deb11u1 3.20230808.1~deb12u1
1.2.1-2.2+wheezy3 1.2.1-2.2+wheezy2
1.2.1-2.2+wheezy3 1.6.2-1
2:1.0 1:9.9
1.0-1 1.0-1.1
1.0-a 1.0-1
7.6p2-4 7.6-0
1.2.3-4ubuntu0.1 1.2.3-4
1.2.3-4ubuntu0.1 1.2.3-4ubuntu0.1~esm1
10 9
1.0.10 1.0.9
0.0.0-1 0.0.0
1.0+dfsg-1 1.0-1
a 1.0'
rpm_pairs='1.0~rc1 1.0
1.0 1.0^git1
1.0^git1 1.0.1
1.0^git1 1.01
1.0~rc1^git1 1.0~rc1
1.0^git1~pre 1.0^git1
1:1.0-1 2.0-1
1:3.0.7-27.el9 1:3.0.7-28.el9
3.0.7-27.el9 1:3.0.7-27.el9
0:1.9.5p2-10.el9_6.1 1.9.5p2-10.el9_6
2.34-100.el9 2.34-100.el9_4.2
1.0-1 1.0-1.el9
0:1.0-1 1.0-1
5.5p1 5.5p10
10xyz 10.1xyz
xyz.4 8
6.0.rc1 6.0
10.0001 10.1
2_0 2.0
a+ a_
1.0aa 1.0a
20101121 20101122
1.0.1 1.0^20160101
1.0^20160102 1.0^20160101^git1
1.0~rc1~git123 1.0~rc1
18.5-1.el8.4 18.5-1.el8_4
1.0-1 1.0'
pep440_pairs='1.0.dev1 1.0a1
1.0a1 1.0b2.post3
1.0b2.post3 1.0rc1
1.0rc1 1.0
1.0 1.0.post1
1.0.post1 1.1.dev0
1!0.5 2.0
1.0 1.0.0
1.0a1 1.0.0a1
1.0a1.dev1 1.0a1
1.0.post1.dev1 1.0.post1
1.0+local 1.0
1.0+abc 1.0+1
1.0+1 1.0+2
1.0+abc.1 1.0+abc
1.0+abc 1.0+abd
1.0-1 1.0.post1
1.0c1 1.0rc1
1.0alpha1 1.0a1
1.0-beta.2 1.0b2
v1.0 1.0
1.0.0.0.1 1.0
3.7.4.post0 3.7.4
0.22.0a0 0.22.0
2.3.1a1 2.3.1
1.0.dev456 1.0a1.dev1
1.0rc1.post1 1.0rc1
1.0.post456.dev34 1.0.post456
1.10 1.9
2023.10.1 2023.9.30
1.0_rc_1 1.0rc1
1.0.DEV1 1.0.dev1'
semver_pairs='1.0.0-alpha 1.0.0-alpha.1
1.0.0-alpha.1 1.0.0-alpha.beta
1.0.0-alpha.beta 1.0.0-beta
1.0.0-beta 1.0.0-beta.2
1.0.0-beta.2 1.0.0-beta.11
1.0.0-beta.11 1.0.0-rc.1
1.0.0-rc.1 1.0.0
1.0.0+build.1 1.0.0+build.2
1.0.0-alpha.10 1.0.0-alpha.9
1.0.0-1 1.0.0-a
1.0.0-x-y 1.0.0-x
2.0.0 10.0.0
3.1.1-canary.20211030 3.5.3
4.17.20 4.17.21
1.0.0-20220906165146 1.0.0-20220906165147
0.0.0-20220906165146-f3363e06e74c 0.23.0
1.22.0-0 1.22.0
1.21.9 1.22.0-0'
maven_pairs='1.0-alpha-1 1.0-beta
1.0-beta 1.0-rc1
1.0-rc1 1.0-SNAPSHOT
1.0-SNAPSHOT 1.0
1.0 1.0-sp1
1.0.0 1
1.0-cr1 1.0-rc1
1.0-ga 1.0
1.0-final 1.0
1.0-m1 1.0-milestone-1
1.0-a1 1.0-alpha-1
1.0-milestone-1 1.0-rc1
1.0.0-RC1 1.0.0
1.0.0.RELEASE 1.0.0
2.0.17 1.0.0.RELEASE
2.14.1 2.15.0
2.12.2 2.13.0
3.5.3.1 3.5.3
1.0-xyz 1.0
1.0-xyz 1.0-sp1
1.0.1 1.0-1
1-1 1.0.0-1
1.0-alpha1 1.0-alpha-1'

# dpkg
need dpkg dpkg
f=$out/dpkg.tsv; header "$f" "$(dpkg --version | head -1)"
while read -r a b; do
  if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then r=-1
  elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then r=0
  else r=1; fi
  printf '%s\t%s\t%s\n' "$a" "$b" "$r" >>"$f"
done <<<"$dpkg_pairs"

# rpm
need rpm rpm
f=$out/rpm.tsv; header "$f" "$(rpm --version), rpm.vercmp() in Lua"
while read -r a b; do
  r=$(rpm --eval "%{lua: print(rpm.vercmp('$a', '$b'))}")
  printf '%s\t%s\t%s\n' "$a" "$b" "$r" >>"$f"
done <<<"$rpm_pairs"

# PEP 440
if ! python3 -c 'import packaging.version' 2>/dev/null; then need python3 python3; \
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-packaging >/dev/null; fi
f=$out/pep440.tsv
header "$f" "python $(python3 -c 'import platform; print(platform.python_version())'), packaging $(python3 -c 'import packaging; print(packaging.__version__)')"
python3 - "$f" <<PY
import sys
from packaging.version import Version
pairs = """$pep440_pairs""".splitlines()
with open(sys.argv[1], "a") as out:
    for line in pairs:
        a, b = line.split()
        x, y = Version(a), Version(b)
        out.write("%s\t%s\t%d\n" % (a, b, (x > y) - (x < y)))
PY

# SemVer (node-semver from the npm registry)
need node nodejs
(cd "$work" && npm install --silent --no-audit --no-fund semver@7 >/dev/null)
f=$out/semver.tsv
header "$f" "node $(node --version), node-semver $(node -p "require('$work/node_modules/semver/package.json').version")"
while read -r a b; do
  r=$(node -p "require('$work/node_modules/semver').compare('$a', '$b')")
  printf '%s\t%s\t%s\n' "$a" "$b" "$r" >>"$f"
done <<<"$semver_pairs"

# Maven (maven-artifact from Maven Central)
(cd "$root" && ./mvnw -B -q dependency:copy -Dartifact=org.apache.maven:maven-artifact:3.9.7 \
  -DoutputDirectory="$work" >/dev/null)
cat >"$work/Compare.java" <<'JAVA'
import org.apache.maven.artifact.versioning.ComparableVersion;
import java.io.*;
public class Compare {
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    for (String line; (line = in.readLine()) != null; ) {
      String[] p = line.trim().split("\\s+");
      int r = Integer.signum(new ComparableVersion(p[0]).compareTo(new ComparableVersion(p[1])));
      System.out.println(p[0] + "\t" + p[1] + "\t" + r);
    }
  }
}
JAVA
f=$out/maven.tsv; header "$f" "org.apache.maven:maven-artifact:3.9.7 ComparableVersion"
java -cp "$work/maven-artifact-3.9.7.jar" "$work/Compare.java" <<<"$maven_pairs" >>"$f"
echo "wrote $(ls "$out")"
