-- The wrk script of `bench/run peers`, for every server and workload. From the environment:
--   BENCH_PEER_BODY    a form body, which makes the request a POST (the token request)
--   BENCH_PEER_EXPECT  when set, every response is checked: status 200 and this text in
--                      the body. Reading the bodies costs wrk CPU that the server would
--                      otherwise get, so only the discarded warm-up checks; a measured
--                      round counts what wrk itself counts, statuses of 400 and over.
-- done() prints one line, `PEERS key=value ...`, which bench/run reads.
local body = os.getenv("BENCH_PEER_BODY") or ""
if body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

-- Each wrk thread runs in its own Lua state; done() adds up the threads' counts.
local threads = {}
function setup(thread) table.insert(threads, thread) end

local expect = os.getenv("BENCH_PEER_EXPECT") or ""
if expect ~= "" then
  good, bad, first_bad = 0, 0, ""
  function response(status, headers, response_body)
    if status == 200 and string.find(response_body, expect, 1, true) then
      good = good + 1
    else
      bad = bad + 1
      if first_bad == "" then first_bad = status .. " " .. string.sub(response_body, 1, 160) end
    end
  end
end

function done(summary, latency, requests)
  local good_total, bad_total, first = 0, 0, ""
  if expect ~= "" then
    for _, thread in ipairs(threads) do
      good_total = good_total + thread:get("good")
      bad_total = bad_total + thread:get("bad")
      if first == "" then first = thread:get("first_bad") end
    end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "PEERS requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d good=%d bad=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout, good_total, bad_total))
  if first ~= "" then io.write("PEERS_FIRST_BAD " .. string.gsub(first, "\n", " ") .. "\n") end
end
