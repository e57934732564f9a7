-- wrk script: GET /v1/me/dashboard, rotating the prepared citizens' tokens.
local tokens = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local token = line:match("^(%S+)\t")
    if token then tokens[#tokens + 1] = token end
  end
  counter = math.random(0, #tokens - 1)
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("GET", "/v1/me/dashboard", { ["Authorization"] = "Bearer " .. token })
end
