-- wrk script: every connection fills in a form like a browser, over and over:
-- GET the form page (CSRF cookie and token, and our survey's signed "state"
-- field), then POST it. Run with as many threads as connections (-t N -c N): the
-- request/response state below is per thread.
--
-- Environment: BENCH_PATH (form page), BENCH_BODY (url-encoded fields; "{n}" is
-- replaced by a unique number), BENCH_OK (expected POST status: 302, or 200 with
-- BENCH_MARKER in the body), BENCH_RUN (unique prefix of this run).
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  path = os.getenv("BENCH_PATH")
  body_template = os.getenv("BENCH_BODY")
  ok_status = tonumber(os.getenv("BENCH_OK") or "302")
  marker = os.getenv("BENCH_MARKER")
  run = os.getenv("BENCH_RUN") or "0"
  phase = "get"
  cookie = nil
  fields = ""
  counter = 0
  ok, bad, got429, badget = 0, 0, 0, 0
  laststatus = ""
end

function request()
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  if phase == "get" then
    return wrk.format("GET", path, headers)
  end
  counter = counter + 1
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local unique = run .. "-" .. tid .. "-" .. counter
  local body = body_template:gsub("{n}", unique) .. fields
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if phase == "get" then
    if status ~= 200 then
      badget = badget + 1
      laststatus = "GET " .. status
      return
    end
    for name, value in pairs(headers) do
      if name:lower() == "set-cookie" then
        local token = value:match("csrftoken=([^;]+)")
        if token then cookie = "csrftoken=" .. token end
      end
    end
    fields = ""
    local csrf = body:match('name="csrfmiddlewaretoken" value="([^"]+)"')
    if csrf then fields = fields .. "&csrfmiddlewaretoken=" .. urlencode(csrf) end
    local state = body:match('name="state" value="([^"]+)"')
    if state then fields = fields .. "&state=" .. urlencode(state) end
    phase = "post"
  else
    if status == ok_status and (not marker or body:find(marker, 1, true)) then
      ok = ok + 1
    elseif status == 429 then
      got429 = got429 + 1
    else
      bad = bad + 1
      laststatus = "POST " .. status
    end
    phase = "get"
  end
end

function done(summary, latency, requests)
  local t = {ok = 0, bad = 0, got429 = 0, badget = 0}
  local last = ""
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do t[key] = t[key] + thread:get(key) end
    if thread:get("laststatus") ~= "" then last = thread:get("laststatus") end
  end
  io.write(string.format("BENCH ok=%d bad=%d s429=%d badget=%d last=%s\n",
    t.ok, t.bad, t.got429, t.badget, last))
end
