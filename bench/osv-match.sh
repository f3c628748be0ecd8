#!/usr/bin/env bash
# OSV matcher benchmarks (JMH), in one run:
#   OsvMatchBenchmark.match       5,000 components of a Debian 12 image against 200,000
#                                 advisories (ms per call, SampleTime: p0.50 is the median)
#   OsvMatchBenchmark.buildIndex  building the index of those 200,000 parsed records
#   OsvImportBenchmark.importZip  records/s reading a 200,000-record all.zip into OsvRecords
#   OsvImportBenchmark.baselineReadTree  records/s of ZipInputStream + Jackson readTree of the
#                                 same zip: the floor without our model
# The advisories are synthetic: clones of the real fixture records' shapes with renamed
# packages (scanner-adapters/src/test/java/dev/scangate/osv/bench/SyntheticAdvisories.java).
#
# Usage: bench/osv-match.sh [BENCHMARK-REGEX] [JMH options...]
#   e.g. bench/osv-match.sh OsvMatchBenchmark -p advisories=50000
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# JMH's annotation processor generates the benchmark code during test-compile
(cd "$root" && ./mvnw -B -q -pl scanner-adapters test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null)
cp="$root/scanner-adapters/target/test-classes:$root/scanner-adapters/target/classes:$(cat "$cp_file")"
pattern='dev.scangate.osv.bench.*'
if [[ $# -gt 0 && $1 != -* ]]; then pattern=$1; shift; fi
java -cp "$cp" org.openjdk.jmh.Main "$pattern" \
  -rf text -rff "$root/scanner-adapters/target/osv-bench.txt" "$@"
echo "results: $root/scanner-adapters/target/osv-bench.txt"
