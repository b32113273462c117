-- wrk script: every request gets a window of whole months no other request of the run had, as load_distinct in
-- scale-lib.sh does (start 2016-01 + k mod 60 months, 1 + k / 60 mod 60 months long) and a limit of 3000 - k mod
-- 1000; k counts requests over wrk's two threads (-t2: thread t takes k = t, t + 2, t + 4, ...).
-- The path is the script's argument, with @FROM@, @TO@ and @LIMIT@ to replace:
--   wrk -t2 -c8 -d20s -s bench/distinct-windows.lua -H "Authorization: Bearer …" http://127.0.0.1:8095 -- '/api/provinces?from=@FROM@&to=@TO@'
-- At the end it prints one line: requests, errors (socket errors and statuses other than 2xx/3xx), p50/p95/p99/max.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function days_in(year, month)
  local days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
  if month == 2 and (year % 4 == 0 and (year % 100 ~= 0 or year % 400 == 0)) then return 29 end
  return days[month]
end

local function month_date(m, last)
  local year, month = 2016 + math.floor(m / 12), m % 12 + 1
  return string.format("%04d-%02d-%02d", year, month, last and days_in(year, month) or 1)
end

function init(args)
  template = args[1]
  step = 0
end

function request()
  local k = step * 2 + id  -- two threads (-t2)
  step = step + 1
  local a, b = k % 60, 1 + math.floor(k / 60) % 60
  local path = template:gsub("@FROM@", month_date(a, false)):gsub("@TO@", month_date(a + b - 1, true))
      :gsub("@LIMIT@", tostring(3000 - k % 1000))
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("n=%d errors=%d p50=%.3f p95=%.3f p99=%.3f max=%.3f\n", summary.requests,
      e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50) / 1e6,
      latency:percentile(95) / 1e6, latency:percentile(99) / 1e6, latency.max / 1e6))
end
