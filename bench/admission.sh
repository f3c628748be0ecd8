#!/usr/bin/env bash
# Admission latency: POST /k8s/admission for digest-pinned images promoted to prod, under load
# from a second process on loopback (wrk), against GET /actuator/health measured in the same run
# with the same connections. 10,000 promotions are in the database; requests cycle through 100
# of them (and, separately, through 100 digests nobody promoted: the denial path, whose
# decisions are recorded).
#
# Usage: bench/admission.sh [DURATION] [CONNECTIONS]      (default 20s, 500)
# Needs: wrk (apt-get install -y wrk), the packaged jar (./mvnw -DskipTests package), and the
# test environment (dev/test-env.sh up) for the database.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-20s}
connections=${2:-500}
port=18081
listener=18082
db=scangate_bench_adm_$$
eval "$("$root/dev/test-env.sh" env)"
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
ulimit -n 65536 2>/dev/null || true
psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $db" >/dev/null
log=$(mktemp); digests=$(mktemp)
cleanup() {
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)" >/dev/null || true
  rm -f "$log" "$digests"
}
trap cleanup EXIT

java -Xmx1g -jar "$root/service/target/scangate.jar" --server.port=$port \
  --scangate.database.url="jdbc:postgresql://127.0.0.1:5432/$db" --scangate.database.username=postgres \
  --scangate.worker.enabled=false --scangate.vulndb.schedule.enabled=false \
  --server.tomcat.threads.max=200 --scangate.admission.listener.port=$listener \
  --logging.level.root=warn >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null || { cat "$log"; exit 1; }

# The default policy is written at startup; promotions refer to it.
for _ in $(seq 1 60); do
  [[ $(psql -h 127.0.0.1 -U postgres -d "$db" -tAc "select count(*) from policy_versions" 2>/dev/null || echo 0) -gt 0 ]] && break
  sleep 0.5
done
# 10,000 promotions to prod, as the promotions feature writes them, then one notification.
psql -h 127.0.0.1 -U postgres -d "$db" -q <<'SQL' >/dev/null
insert into promotions (id, image_digest, repository, environment, status, promoted_at,
    promoted_by, requested_reference, policy_version_id, policy_digest)
select gen_random_uuid(), 'sha256:' || encode(sha256(i::text::bytea), 'hex'), '127.0.0.1:5000/bench/app',
       'prod', 'ACTIVE', now(), 'bench', '127.0.0.1:5000/bench/app:' || i,
       (select id from policy_versions order by created_at limit 1), 'sha256:bench'
  from generate_series(1, 10000) i;
select pg_notify('scangate_promotions', 'bench');
SQL
psql -h 127.0.0.1 -U postgres -d "$db" -tAc \
  "select encode(sha256(i::text::bytea), 'hex') from generate_series(1, 100) i" >"$digests"
sleep 2
first=$(head -1 "$digests")
curl -fs -H 'Content-Type: application/json' "http://127.0.0.1:$port/k8s/admission?environment=prod" \
  --data "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\",\"kind\":{\"kind\":\"Pod\"},\"namespace\":\"a\",\"object\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"127.0.0.1:5000/bench/app@sha256:$first\"}]}}}}" \
  | grep -q '"allowed":true' || { echo "the promoted digest is not allowed; is the promotion visible?"; exit 1; }

run() { # name, port, path, wrk args...
  local name=$1 at=$2 path=$3; shift 3
  local out; out=$(wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency "$@" "http://127.0.0.1:$at$path")
  printf '%-44s %9s req/s   p50 %8s   p90 %8s   p99 %8s   errors %s\n' "$name" \
    "$(awk '/Requests\/sec/{print $2}' <<<"$out")" \
    "$(awk '$1=="50%"{print $2}' <<<"$out")" "$(awk '$1=="90%"{print $2}' <<<"$out")" \
    "$(awk '$1=="99%"{print $2}' <<<"$out")" \
    "$(awk '/Socket errors|Non-2xx/{printf "%s ", $0}' <<<"$out")"
}

echo "scangate admission benchmark: $duration, $connections connections, 2 wrk threads, $(nproc) cores"
export DIGEST_FILE=$digests
# warm-up of both paths
wrk -t2 -c50 -d10s "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null
wrk -t2 -c50 -d10s -s "$root/bench/admission-review.lua" "http://127.0.0.1:$port" >/dev/null
wrk -t2 -c50 -d10s -s "$root/bench/admission-review.lua" "http://127.0.0.1:$listener" >/dev/null
run "baseline GET /actuator/health" $port /actuator/health
run "baseline GET /actuator/health/liveness" $port /actuator/health/liveness
PROMOTED=1 run "main port: promoted digests" $port /k8s/admission -s "$root/bench/admission-review.lua"
PROMOTED=0 run "main port: unpromoted (denied)" $port /k8s/admission -s "$root/bench/admission-review.lua"
PROMOTED=1 run "admission listener: promoted digests" $listener /k8s/admission -s "$root/bench/admission-review.lua"
PROMOTED=0 run "admission listener: unpromoted (denied)" $listener /k8s/admission -s "$root/bench/admission-review.lua"
