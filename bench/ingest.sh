#!/usr/bin/env bash
# Ingest benchmark: how many scan requests per second an API-only scangate accepts, and how many
# jobs they create, against the framework's floor (GET /actuator/health) measured in the same run.
#
# Usage: bench/ingest.sh [DURATION] [CONNECTIONS]      (default 15s, 16)
# Needs: wrk (apt-get install -y wrk), the packaged jar (./mvnw -DskipTests package), and the test
# environment (dev/test-env.sh up) for the database.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-15s}
connections=${2:-16}
port=18080
db=scangate_bench_$$
eval "$("$root/dev/test-env.sh" env)"
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $db" >/dev/null
log=$(mktemp)
cleanup() {
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)" >/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT

java -Xmx1g -jar "$root/service/target/scangate.jar" --server.port=$port \
  --scangate.database.url="jdbc:postgresql://127.0.0.1:5432/$db" --scangate.database.username=postgres \
  --scangate.worker.enabled=false --scangate.registries.allowed=127.0.0.1:5000 \
  --scangate.registries.insecure=127.0.0.1:5000 --logging.level.root=warn >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null || { cat "$log"; exit 1; }

run() { # name, wrk args...
  local name=$1; shift
  local out; out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$@" "http://127.0.0.1:$port$path")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$name" \
    "$(awk '/Requests\/sec/{print $2}' <<<"$out")" \
    "$(awk '$1=="50%"{print $2}' <<<"$out")" "$(awk '$1=="99%"{print $2}' <<<"$out")"
}
jobs() { psql -h 127.0.0.1 -U postgres -d "$db" -tAc "select count(*) from jobs"; }

echo "scangate ingest benchmark: $duration, $connections connections, 2 wrk threads, $(nproc) cores"
# warm-up of both paths (its scans go to another repository and are not counted)
wrk -t1 -c4 -d5s "http://127.0.0.1:$port/actuator/health" >/dev/null
DISTINCT=20 REPOSITORY=bench/warmup wrk -t2 -c"$connections" -d5s -s "$root/bench/post-scan.lua" \
  "http://127.0.0.1:$port/api/v1/scans" >/dev/null
path=/actuator/health; run "baseline GET /actuator/health"
path=/api/v1/scans; before=$(jobs)
export DISTINCT=20; run "POST /api/v1/scans, 20 digests" -s "$root/bench/post-scan.lua"
after=$(jobs); echo "  jobs created: $((after - before)) (expected 20: the rest joined)"
before=$after
export DISTINCT=0; run "POST /api/v1/scans, all new digests" -s "$root/bench/post-scan.lua"
after=$(jobs); echo "  jobs created: $((after - before))"
