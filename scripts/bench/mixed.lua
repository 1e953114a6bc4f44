-- wrk script for the mixed load run: each connection (run with -t N -c N) has one
-- role by its number: 1 in 4 answers the survey, 1 in 8 signs up for the event,
-- the rest read public pages in turn. Every response is counted: expected,
-- 429 (a rate limit, intended) or an error.
--
-- Environment: BENCH_PAGES (comma-separated paths), BENCH_SURVEY_PATH,
-- BENCH_SURVEY_BODY, BENCH_EVENT_PATH, BENCH_EVENT_BODY ("{n}": unique number),
-- BENCH_RUN (unique prefix of this run).
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  pages = {}
  for p in string.gmatch(os.getenv("BENCH_PAGES"), "[^,]+") do table.insert(pages, p) end
  if tid % 4 == 0 then
    role = "survey"
    path = os.getenv("BENCH_SURVEY_PATH")
    body_template = os.getenv("BENCH_SURVEY_BODY")
  elseif tid % 8 == 1 then
    role = "signup"
    path = os.getenv("BENCH_EVENT_PATH")
    body_template = os.getenv("BENCH_EVENT_BODY")
  else
    role = "page"
  end
  run = os.getenv("BENCH_RUN") or "0"
  phase = "get"
  cookie = nil
  fields = ""
  counter = 0
  page_index = tid
  pages_ok, forms_ok, got429, errors = 0, 0, 0, 0
  laststatus = ""
end

function request()
  if role == "page" then
    page_index = page_index % #pages + 1
    return wrk.format("GET", pages[page_index])
  end
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  if phase == "get" then return wrk.format("GET", path, headers) end
  counter = counter + 1
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  local body = body_template:gsub("{n}", run .. "-" .. tid .. "-" .. counter) .. fields
  return wrk.format("POST", path, headers, body)
end

local function fail(status, what)
  if status == 429 then
    got429 = got429 + 1
  else
    errors = errors + 1
    laststatus = role .. " " .. what .. " " .. status
  end
end

function response(status, headers, body)
  if role == "page" then
    if status == 200 then pages_ok = pages_ok + 1 else fail(status, "GET") end
    return
  end
  if phase == "get" then
    if status ~= 200 then return fail(status, "GET") end
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
    if status == 302 then forms_ok = forms_ok + 1 else fail(status, "POST") end
    phase = "get"
  end
end

function done(summary, latency, requests)
  local t = {pages_ok = 0, forms_ok = 0, got429 = 0, errors = 0}
  local last = ""
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do t[key] = t[key] + thread:get(key) end
    if thread:get("laststatus") ~= "" then last = thread:get("laststatus") end
  end
  io.write(string.format("BENCH pages=%d forms=%d s429=%d errors=%d last=%s\n",
    t.pages_ok, t.forms_ok, t.got429, t.errors, (last:gsub(" ", "_"))))
end
