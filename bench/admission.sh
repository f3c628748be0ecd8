#!/usr/bin/env bash
# Admission latency: POST /k8s/admission for digest-pinned images promoted to prod, under load
# from a second process on loopback (wrk), against GET /actuator/health measured in the same run
# with the same connections. 10,000 promotions are in the database; requests cycle through 100
# of them (and, separately, through 100 digests nobody promoted: the denial path, whose
# decisions are recorded).
#
# Targets: the main port (Tomcat, Spring MVC and Security), and the admission listener
# (scangate.admission.listener.*, Netty) over plain HTTP and over TLS (a second instance of the
# listener is not possible, so the TLS runs use a second scangate process on the same database).
# Two load shapes: closed loop (wrk's default: each connection sends its next request as soon as
# the answer arrives, so latency is connections / throughput) and paced (each connection waits
# PACE ms after an answer: a fixed offered load, latency is the service time under it).
#
# Usage: bench/admission.sh [DURATION] [CONNECTIONS] [PACE]     (default 20s, 500, 100 ms)
# Needs: wrk (apt-get install -y wrk), the packaged jar (./mvnw -DskipTests package), and the
# test environment (dev/test-env.sh up) for the database.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-20s}
connections=${2:-500}
pace=${3:-100}
port=18081
listener=18082
tls_port=18083
listener_tls=18084
db=scangate_bench_adm_$$
eval "$("$root/dev/test-env.sh" env)"
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
ulimit -n 65536 2>/dev/null || true
psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $db" >/dev/null
log=$(mktemp); log_tls=$(mktemp); digests=$(mktemp); tls=$(mktemp -d)
cleanup() {
  for p in ${pid:-} ${pid_tls:-}; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)" >/dev/null || true
  rm -rf "$log" "$log_tls" "$digests" "$tls"
}
trap cleanup EXIT

java -Xmx1g -jar "$root/service/target/scangate.jar" --server.port=$port \
  --scangate.database.url="jdbc:postgresql://127.0.0.1:5432/$db" --scangate.database.username=postgres \
  --scangate.worker.enabled=false --scangate.vulndb.schedule.enabled=false \
  --server.tomcat.threads.max=200 --scangate.admission.listener.port=$listener \
  --logging.level.root=warn >"$log" 2>&1 &
pid=$!
# Ready once the startup tasks ran (the default policy the promotions below refer to is written).
for _ in $(seq 1 360); do curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null || { cat "$log"; exit 1; }

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
# The second instance: its admission listener serves TLS (a self-signed P-256 certificate).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=bench \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$tls/tls.key" -out "$tls/tls.crt" 2>/dev/null
java -Xmx1g -jar "$root/service/target/scangate.jar" --server.port=$tls_port \
  --scangate.database.url="jdbc:postgresql://127.0.0.1:5432/$db" --scangate.database.username=postgres \
  --scangate.worker.enabled=false --scangate.vulndb.schedule.enabled=false \
  --scangate.admission.listener.port=$listener_tls --scangate.admission.listener.ssl-bundle=admission \
  --spring.ssl.bundle.pem.admission.keystore.certificate="file:$tls/tls.crt" \
  --spring.ssl.bundle.pem.admission.keystore.private-key="file:$tls/tls.key" \
  --logging.level.root=warn >"$log_tls" 2>&1 &
pid_tls=$!
for _ in $(seq 1 360); do curl -fs "http://127.0.0.1:$tls_port/actuator/health/readiness" >/dev/null && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$tls_port/actuator/health/readiness" >/dev/null || { cat "$log_tls"; exit 1; }
sleep 2
first=$(head -1 "$digests")
for target in "http://127.0.0.1:$port" "http://127.0.0.1:$listener" "https://127.0.0.1:$listener_tls"; do
  curl -kfs -H 'Content-Type: application/json' "$target/k8s/admission?environment=prod" \
    --data "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\",\"kind\":{\"kind\":\"Pod\"},\"namespace\":\"a\",\"object\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"127.0.0.1:5000/bench/app@sha256:$first\"}]}}}}" \
    | grep -q '"allowed":true' || { echo "$target: the promoted digest is not allowed; is the promotion visible?"; exit 1; }
done

run() { # name, scheme, port, wrk args...
  local name=$1 scheme=$2 at=$3; shift 3
  printf '%-46s %s\n' "$name" "$(wrk -t2 -c"$connections" -d"$duration" --timeout 10s \
    -s "$root/bench/admission-review.lua" "$@" "$scheme://127.0.0.1:$at" | tail -1)"
}

echo "scangate admission benchmark: $duration, $connections connections, 2 wrk threads, $(nproc) cores"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
export DIGEST_FILE=$digests
# Warm-up of every path, longest for the main port, whose much larger code path the JIT
# compiler needs longer for (on 2 cores its compiler thread competes with the load).
GET_PATH=/actuator/health wrk -t2 -c50 -d20s -s "$root/bench/admission-review.lua" "http://127.0.0.1:$port" >/dev/null
wrk -t2 -c50 -d30s -s "$root/bench/admission-review.lua" "http://127.0.0.1:$port" >/dev/null
wrk -t2 -c50 -d15s -s "$root/bench/admission-review.lua" "http://127.0.0.1:$listener" >/dev/null
wrk -t2 -c50 -d15s -s "$root/bench/admission-review.lua" "https://127.0.0.1:$listener_tls" >/dev/null

echo "-- closed loop: each connection sends its next request as soon as the answer arrives"
GET_PATH=/actuator/health run "baseline GET /actuator/health" http $port
GET_PATH=/actuator/health/liveness run "baseline GET /actuator/health/liveness" http $port
PROMOTED=1 run "main port: promoted digests" http $port
PROMOTED=0 run "main port: unpromoted (denied)" http $port
PROMOTED=1 run "listener: promoted digests" http $listener
PROMOTED=0 run "listener: unpromoted (denied)" http $listener
PROMOTED=1 run "listener over TLS: promoted digests" https $listener_tls

echo "-- paced: each connection waits ${pace} ms after an answer (at most $((connections * 1000 / pace)) requests/s offered)"
export PACE_MS=$pace
GET_PATH=/actuator/health/liveness run "baseline GET /actuator/health/liveness" http $port
PROMOTED=1 run "main port: promoted digests" http $port
PROMOTED=1 run "listener: promoted digests" http $listener
PROMOTED=0 run "listener: unpromoted (denied)" http $listener
PROMOTED=1 run "listener over TLS: promoted digests" https $listener_tls
