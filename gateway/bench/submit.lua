-- wrk script: authenticated POST /v1/cases, rotating the prepared citizens' real tokens and
-- documents, with a fresh Idempotency-Key per request. The data file is written by
-- bench_gateway.py: one "token<TAB>document_id" line per citizen.
local citizens = {}
local counter = 0
local thread_tag = ""

local function load(path)
  for line in io.lines(path) do
    local token, doc = line:match("^(%S+)\t(%S+)$")
    if token then citizens[#citizens + 1] = { token = token, doc = doc } end
  end
end

-- LuaJIT's math.random starts from the same seed in every run: without a seed of its own a
-- second run against the same citizens would send the first run's keys and measure replays.
local seeded = false

function setup(thread)
  if not seeded then
    math.randomseed(os.time() + math.floor(os.clock() * 1e6))
    seeded = true
  end
  thread:set("tag", tostring(os.time()) .. "-" .. tostring(math.random(1, 1e9)))
end

function init(args)
  load(args[1])
  thread_tag = tag or tostring(math.random(1, 1e9))
  counter = math.random(0, #citizens - 1)
end

function request()
  counter = counter + 1
  local c = citizens[(counter % #citizens) + 1]
  local body = '{"service_type":"signboard-permit","form":{"premises_address":"88 Renmin Road, shop 3",'
    .. '"sign_width_m":2.5,"sign_height_m":0.8},"document_ids":["' .. c.doc .. '"]}'
  local headers = {
    ["Authorization"] = "Bearer " .. c.token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. thread_tag .. "-" .. counter,
  }
  return wrk.format("POST", "/v1/cases", headers, body)
end
