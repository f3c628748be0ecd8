#!/usr/bin/env bash
# Catalog benchmark: catalog the Debian 12 test image (every built-in cataloger, layers streamed
# once, digest-verified) against `tar -xzf` of the same layer blobs, in the same run.
#
# Usage: bench/catalog.sh [LAYOUT] [TAG] [RUNS]   (default the test environment's Debian layout)
# Needs: dev/test-env.sh up (it builds the layout) and ./mvnw -DskipTests install.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
layout=${1:-/tmp/scangate-test/oci-debian}
tag=${2:-12}
runs=${3:-5}
cp_file=$(mktemp); trap 'rm -f "$cp_file"' EXIT
(cd "$root" && ./mvnw -B -q -pl scanner-adapters dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >/dev/null)
cp="$root/scanner-adapters/target/classes:$(cat "$cp_file")"

manifest=$(jq -r --arg t "$tag" '.manifests[]|select(.annotations["org.opencontainers.image.ref.name"]==$t)|.digest' "$layout/index.json")
mapfile -t layers < <(jq -r '.layers[].digest' "$layout/blobs/sha256/${manifest#sha256:}")
echo "image $layout:$tag: ${#layers[@]} layer(s), $(du -ch $(for l in "${layers[@]}"; do echo "$layout/blobs/sha256/${l#sha256:}"; done) | tail -1 | cut -f1) compressed"

baseline=()
for run in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  t0=$(date +%s%N)
  for l in "${layers[@]}"; do tar -xzf "$layout/blobs/sha256/${l#sha256:}" -C "$dir" 2>/dev/null || true; done
  t1=$(date +%s%N)
  rm -rf "$dir"
  baseline+=($(( (t1 - t0) / 1000000 )))
done
# a second, stricter baseline: only decompress the same blobs (no disk writes)
gunzip_runs=()
for run in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  for l in "${layers[@]}"; do gzip -dc "$layout/blobs/sha256/${l#sha256:}" >/dev/null; done
  t1=$(date +%s%N)
  gunzip_runs+=($(( (t1 - t0) / 1000000 )))
done
out=$(java -Xmx256m -cp "$cp" "$root/bench/CatalogBench.java" "$layout" "$tag" "$runs")
echo "$out"
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
ours=($(awk -F'[ =]' '/^run=/{print $4}' <<<"$out"))
# the first catalog run includes JIT warm-up; the median over the runs is what to quote
m_ours=$(median "${ours[@]}"); m_base=$(median "${baseline[@]}")
echo "tar -xzf runs (ms): ${baseline[*]}"
echo "catalog runs (ms):  ${ours[*]}"
m_gz=$(median "${gunzip_runs[@]}")
echo "gzip -dc runs (ms): ${gunzip_runs[*]}"
echo "median catalog ${m_ours} ms vs tar -xzf ${m_base} ms: ratio $(echo "scale=2; $m_ours / $m_base" | bc)"
echo "median catalog ${m_ours} ms vs gzip -dc ${m_gz} ms: ratio $(echo "scale=2; $m_ours / $m_gz" | bc)"
