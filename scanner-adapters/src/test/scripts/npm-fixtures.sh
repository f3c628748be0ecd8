#!/usr/bin/env bash
# Regenerates src/test/resources/lang/npm from the npm registry with the real npm client:
#   app/          an installed project: package.json, package-lock.json (v3) and the package.json
#                 of every installed package under node_modules (nothing else of the packages)
#   lock-v1/ lock-v2/ lock-v3/
#                 the same project resolved with `npm install --package-lock-only
#                 --lockfile-version=N` (no node_modules), one per lockfile format
# The packages were chosen for their metadata: a scoped package, a legacy `licenses` array
# (json-schema 0.2.3), a `license` array (pause-stream 0.0.11), a legacy `license` object
# (nopt 1.0.10), a version conflict that npm nests (abbrev 1 under nopt, abbrev 2 at the top)
# and a dev dependency.
# Usage: scanner-adapters/src/test/scripts/npm-fixtures.sh   (needs npm and the npm registry)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../resources/lang/npm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/app"
cat >"$work/app/package.json" <<'JSON'
{
  "name": "npm-fixture-app",
  "version": "1.0.0",
  "private": true
}
JSON
cd "$work/app"
npm install --no-audit --no-fund --save-exact \
  lodash@4.17.20 @babel/helper-plugin-utils@7.22.5 json-schema@0.2.3 pause-stream@0.0.11 \
  nopt@1.0.10 abbrev@2.0.0 >/dev/null
npm install --no-audit --no-fund --save-exact --save-dev is-number@7.0.0 >/dev/null

rm -rf "$out"
mkdir -p "$out/app"
cp package.json package-lock.json "$out/app/"
# only the manifests of installed packages (not the hidden node_modules/.package-lock.json)
find node_modules -name package.json -path '*node_modules/*' | while read -r f; do
  rel=${f#node_modules/}
  # keep node_modules/<name>/package.json and node_modules/@scope/<name>/package.json only
  case $rel in
    */node_modules/*) inner=${rel##*/node_modules/} ;;
    *) inner=$rel ;;
  esac
  case $inner in
    @*/*/package.json) [[ $inner == @*/*/*/* ]] && continue ;;
    */package.json) [[ $inner == */*/* ]] && continue ;;
  esac
  mkdir -p "$out/app/$(dirname "$f")"
  cp "$f" "$out/app/$f"
done

for v in 1 2 3; do
  mkdir -p "$work/lock-v$v" "$out/lock-v$v"
  cp "$work/app/package.json" "$work/lock-v$v/"
  (cd "$work/lock-v$v" && npm install --package-lock-only --lockfile-version="$v" --no-audit --no-fund >/dev/null)
  cp "$work/lock-v$v/package.json" "$work/lock-v$v/package-lock.json" "$out/lock-v$v/"
done
echo "npm $(npm --version) wrote $out"
