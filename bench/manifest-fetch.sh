#!/usr/bin/env bash
# Manifest benchmark: resolve a tag and fetch its manifest from the local registry with
# scangate's client, against a bare HTTP HEAD + GET of the same manifest in the same JVM.
#
# Usage: bench/manifest-fetch.sh [REFERENCE] [ITERATIONS]
#   default 127.0.0.1:5000/scangate-test/files:1, 500 iterations
# Needs the test environment (dev/test-env.sh up) and a build (./mvnw -DskipTests install).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ref=${1:-127.0.0.1:5000/scangate-test/files:1}
iterations=${2:-500}
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
(cd "$root" && ./mvnw -B -q -pl scanner-adapters dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >/dev/null)
cp="$root/scanner-adapters/target/classes:$(cat "$cp_file")"
java -cp "$cp" "$root/bench/ManifestFetchBench.java" "$ref" "$iterations"
