-- What bench/run.py reads from wrk (the load generator, a Debian package), on its last line: the requests completed, the
-- p50 and p95 latency in microseconds and the failed requests (socket errors, time-outs and any status but 200:
-- a redirection to the login page is a failure too).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failed = 0
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local total = errors.connect + errors.read + errors.write + errors.timeout
  for _, thread in ipairs(threads) do
    total = total + thread:get("failed")
  end
  io.write(string.format("LEVIER %d %d %d %d\n", summary.requests, latency:percentile(50), latency:percentile(95),
                         total))
end
