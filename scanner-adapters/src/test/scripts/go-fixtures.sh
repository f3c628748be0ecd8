#!/usr/bin/env bash
# Regenerates src/test/resources/lang/go: two small Go executables built with Debian's Go
# toolchain (golang-go, installed when missing), offline, from modules served by a local file
# GOPROXY made here:
#   hello-replaced  linux/amd64, `go build` in the main module's directory, so its version is
#                   (devel); one dependency replaced by another module version
#                   (example.com/greeting v1.0.0 => example.com/greeting-fork v1.1.0) and one
#                   replaced by a local directory (example.com/local => ./local)
#   tool-386        linux/386, `go install example.com/tool@v1.2.3`, so the main module has a
#                   version and an h1: sum
# Both are stripped of symbols (-ldflags=-s -w), which keeps .go.buildinfo.
# Usage: scanner-adapters/src/test/scripts/go-fixtures.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../resources/lang/go
command -v go >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q golang-go >/dev/null
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export GOPROXY=file://$work/proxy GOSUMDB=off GOPATH=$work/gopath GOCACHE=$work/cache \
  GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN=local

# module PATH VERSION DIR: publishes DIR as PATH@VERSION in the file proxy
module() {
  local path=$1 version=$2 dir=$3 v=$work/proxy/$1/@v stage
  mkdir -p "$v"
  echo "$version" >>"$v/list"
  printf '{"Version":"%s","Time":"2024-01-01T00:00:00Z"}\n' "$version" >"$v/$version.info"
  cp "$dir/go.mod" "$v/$version.mod"
  stage=$(mktemp -d)
  mkdir -p "$stage/$path@$version"
  cp -r "$dir/." "$stage/$path@$version/"
  (cd "$stage" && zip -qrX "$v/$version.zip" "$path@$version")
  rm -rf "$stage"
}

src=$work/src
mkdir -p "$src/greeting" "$src/greeting-fork" "$src/hello/local" "$src/tool"
printf 'module example.com/greeting\n\ngo 1.19\n' >"$src/greeting/go.mod"
printf 'package greeting\n\nfunc Text() string { return "hello" }\n' >"$src/greeting/greeting.go"
# a fork keeps the module path of what it forks
printf 'module example.com/greeting\n\ngo 1.19\n' >"$src/greeting-fork/go.mod"
printf 'package greeting\n\nfunc Text() string { return "hello from the fork" }\n' \
  >"$src/greeting-fork/greeting.go"
module example.com/greeting v1.0.0 "$src/greeting"
module example.com/greeting-fork v1.1.0 "$src/greeting-fork"

printf 'module example.com/local\n\ngo 1.19\n' >"$src/hello/local/go.mod"
printf 'package local\n\nfunc Suffix() string { return "!\\n" }\n' >"$src/hello/local/local.go"
cat >"$src/hello/go.mod" <<'MOD'
module example.com/hello

go 1.19

require (
	example.com/greeting v1.0.0
	example.com/local v0.0.0
)

replace example.com/greeting v1.0.0 => example.com/greeting-fork v1.1.0

replace example.com/local => ./local
MOD
cat >"$src/hello/main.go" <<'GO'
package main

import (
	"os"

	"example.com/greeting"
	"example.com/local"
)

func main() {
	os.Stdout.WriteString(greeting.Text() + local.Suffix())
}
GO

cat >"$src/tool/go.mod" <<'MOD'
module example.com/tool

go 1.19

require example.com/greeting v1.0.0
MOD
cat >"$src/tool/main.go" <<'GO'
package main

import (
	"os"

	"example.com/greeting"
)

func main() {
	os.Stdout.WriteString(greeting.Text() + "\n")
}
GO
(cd "$src/tool" && go mod tidy)
module example.com/tool v1.2.3 "$src/tool"

mkdir -p "$out"
(cd "$src/hello" && go mod tidy &&
  go build -trimpath -buildvcs=false -ldflags='-s -w' -o "$out/hello-replaced" .)
GOARCH=386 go install -trimpath -ldflags='-s -w' example.com/tool@v1.2.3
cp "$GOPATH/bin/linux_386/tool" "$out/tool-386"
chmod 0755 "$out/hello-replaced" "$out/tool-386"
for f in "$out/hello-replaced" "$out/tool-386"; do go version -m "$f"; done
