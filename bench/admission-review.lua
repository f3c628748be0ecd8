-- wrk script: POST /k8s/admission with a Pod AdmissionReview for one of DIGESTS digests,
-- sha256(1)..sha256(n) as the bench inserts them, cycling; PROMOTED=0 uses digests nobody
-- promoted (the denial path).
local digests = {}
local n = tonumber(os.getenv("DIGESTS") or "100")
local promoted = (os.getenv("PROMOTED") or "1") == "1"
local list = os.getenv("DIGEST_FILE")
local counter = 0

function init(args)
  if promoted then
    for line in io.lines(list) do table.insert(digests, line) end
  else
    for i = 1, n do table.insert(digests, string.format("%064x", i)) end
  end
end

request = function()
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
