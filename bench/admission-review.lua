-- wrk script for bench/admission.sh.
-- POST /k8s/admission with a Pod AdmissionReview for one of DIGESTS digests, sha256(1)..sha256(n)
-- as the bench inserts them, cycling; PROMOTED=0 uses digests nobody promoted (the denial path).
-- GET_PATH=/actuator/health sends that GET instead (the baselines).
-- PACE_MS=n: each connection waits n ms after a response before its next request (a fixed
-- offered load: connections × 1000/n requests per second at most), instead of sending at once.
-- Prints one line: req/s, p50, p90, p99, p99.9, max (ms), requests, errors.
local digests = {}
local n = tonumber(os.getenv("DIGESTS") or "100")
local promoted = (os.getenv("PROMOTED") or "1") == "1"
local list = os.getenv("DIGEST_FILE")
local get_path = os.getenv("GET_PATH")
local pace = tonumber(os.getenv("PACE_MS") or "0")
local counter = 0

function init(args)
  if get_path then
    return
  end
  if promoted then
    for line in io.lines(list) do table.insert(digests, line) end
  else
    for i = 1, n do table.insert(digests, string.format("%064x", i)) end
  end
end

if pace > 0 then
  delay = function() return pace end
end

request = function()
  if get_path then
    return wrk.format("GET", get_path)
  end
  counter = counter + 1
  local digest = digests[(counter % #digests) + 1]
  local body = '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{'
    .. '"uid":"bench-' .. counter .. '","kind":{"group":"","version":"v1","kind":"Pod"},'
    .. '"namespace":"shop","operation":"CREATE","userInfo":{"username":"bench"},'
    .. '"object":{"metadata":{"name":"web-' .. counter .. '"},"spec":{"containers":['
    .. '{"name":"web","image":"127.0.0.1:5000/bench/app@sha256:' .. digest .. '"}]}}}}'
  return wrk.format("POST", "/k8s/admission?environment=prod",
    {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("%9.0f req/s  p50 %8.2f  p90 %8.2f  p99 %8.2f  p99.9 %8.2f  max %8.2f ms"
    .. "  n=%d  errors=%d\n", summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout))
end
