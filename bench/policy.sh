#!/usr/bin/env bash
# Policy evaluation benchmark (JMH): 20 rules over 5,000 findings, as selector rules and as
# plain findings.exists(...) expressions, against 1 rule and against the same 20 checks
# hand-written in Java, measured in the same run. Prints JMH's sample-time table (ms/op with
# p0.50 = median).
#
# Usage: bench/policy.sh [JMH options...]   e.g. bench/policy.sh -p distinctPackages=600
#        bench/policy.sh -p findings=500,1000,2000,5000,10000 -p distinctPackages=5000 \
#          -e 'existsRules20|selectorRule1'   time against the number of findings
#        bench/policy.sh --cpu-time            the same methods timed by thread CPU time
#                                              (PolicyCpuTime), for machines with busy cores
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# One reactor invocation, so that scanner-adapters resolves to its freshly compiled classes
# (no install); JMH's annotation processor generates the benchmark code during test-compile.
(cd "$root" && ./mvnw -B -q -pl policy -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null)
cp="$root/policy/target/test-classes:$root/policy/target/classes:$(cat "$cp_file")"
if [ "${1:-}" = "--cpu-time" ]; then
  java -Xmx1g -cp "$cp" dev.scangate.policy.bench.PolicyCpuTime
  exit
fi
java -cp "$cp" org.openjdk.jmh.Main dev.scangate.policy.bench.PolicyBenchmark \
  -rf text -rff "$root/policy/target/policy-bench.txt" "$@"
echo "results: $root/policy/target/policy-bench.txt"
