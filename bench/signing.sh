#!/usr/bin/env bash
# Attestation push benchmark: append a signed DSSE attestation to an image's sha256-<hex>.att tag
# in the local registry (CosignStorage.attachAttestation, as the scan's sign stage does), against
# a plain push of a blob of the same size + config + manifest to a fresh tag in the same run.
# Envelopes of ~4 KiB and ~256 KiB predicates; the .att tag grows by one layer per push.
#
# Usage: bench/signing.sh [REGISTRY] [PUSHES]   (default 127.0.0.1:5000, 200)
# Needs: dev/test-env.sh up (registry and scangate-test/files:1) and compiled scanner-adapters
# classes (./mvnw -B -q -o -pl scanner-adapters compile).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
registry=${1:-127.0.0.1:5000}
pushes=${2:-200}
cp_file=$(mktemp); trap 'rm -f "$cp_file"' EXIT
(cd "$root" && ./mvnw -B -q -o -pl scanner-adapters compile dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >/dev/null)
cp="$root/scanner-adapters/target/classes:$(cat "$cp_file")"
java -cp "$cp" "$root/bench/SigningPushBench.java" "$registry" "$pushes"
