-- wrk script for bench/serve.sh: each request searches the next query of QUERIES (one a
-- line, # comments skipped) through GET /api/search, and `done` prints the figures the
-- benchmark table needs as key=value lines.
local queries = {}
for line in io.lines(os.getenv("QUERIES")) do
  if line ~= "" and line:sub(1, 1) ~= "#" then
    queries[#queries + 1] = line
  end
end
assert(#queries > 0, "no queries in " .. tostring(os.getenv("QUERIES")))

local function encode(s)
  return (s:gsub("[^%w%-_.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
for i, q in ipairs(queries) do
  paths[i] = "/api/search?limit=10&q=" .. encode(q)
end

local next_query = 0
function setup(thread)
  -- Threads start at different places in the list, so they do not ask in lockstep.
  thread:set("offset", tostring(next_query))
  next_query = next_query + 7
end

local counter = nil
function request()
  if counter == nil then counter = tonumber(offset) or 0 end
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests=%d\n", summary.requests))
  io.write(string.format("seconds=%.2f\n", summary.duration / 1e6))
  io.write(string.format("rps=%.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_ms=%.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("p90_ms=%.2f\n", latency:percentile(90) / 1000))
  io.write(string.format("p99_ms=%.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("max_ms=%.2f\n", latency.max / 1000))
  io.write(string.format("errors=%d\n", e.connect + e.read + e.write + e.status + e.timeout))
  io.write(string.format("errors_detail=connect %d, read %d, write %d, non-2xx %d, timeout %d\n",
    e.connect, e.read, e.write, e.status, e.timeout))
end
