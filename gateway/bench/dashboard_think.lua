-- wrk script: citizens looking at their dashboard. Each connection is one simulated citizen:
-- it loads GET /v1/me/dashboard with its own token, then pauses a think time (the mean given
-- in milliseconds, jittered uniformly from half to one and a half of it) before the next load.
-- wrk starts a request's clock when it writes the request, after the pause, so the latency it
-- reports is per load, think time excluded. Args: <citizens.tsv> <think ms> <wrk threads>; the
-- file has one citizen per connection (bench_gateway.py writes it so).
local tokens = {}
local think_ms = 1000
local next_token = 0

local threads = 0

function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

function init(args)
  think_ms = tonumber(args[2] or "1000")
  local all = {}
  for line in io.lines(args[1]) do
    local token = line:match("^(%S+)\t")
    if token then all[#all + 1] = token end
  end
  -- thread i takes citizens i, i + T, i + 2T, … (T threads): no citizen is in two threads
  local count = tonumber(args[3] or "1")
  for i = 1, #all do
    if (i - 1) % count == index then tokens[#tokens + 1] = all[i] end
  end
  math.randomseed(os.time() + index * 7919)
end

function request()
  next_token = next_token % #tokens + 1
  return wrk.format("GET", "/v1/me/dashboard", { ["Authorization"] = "Bearer " .. tokens[next_token] })
end

function delay()
  return math.floor(think_ms * (0.5 + math.random()))
end
