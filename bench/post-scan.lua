-- wrk script: POST /api/v1/scans with digest references.
-- DISTINCT=n cycles through n digests (de-duplication path); DISTINCT=0 makes every digest new.
local distinct = tonumber(os.getenv("DISTINCT") or "20")
local registry = os.getenv("REGISTRY") or "127.0.0.1:5000"
local repository = os.getenv("REPOSITORY") or "bench/app"
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  math.randomseed(os.time() + tid * 7919)
end

request = function()
  counter = counter + 1
  local n
  if distinct > 0 then n = counter % distinct else n = tid * 100000000 + counter end
  local digest = string.format("%064x", n)
  local body = '{"image":"' .. registry .. '/' .. repository .. '@sha256:' .. digest .. '"}'
  return wrk.format("POST", "/api/v1/scans", {["Content-Type"] = "application/json"}, body)
end
