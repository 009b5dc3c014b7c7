-- wrk script: each request registers a new person for one of the benchmark's events.
-- The harness writes the cookie, CSRF token and event paths into register_targets.lua.
local targets = dofile(os.getenv("REGISTER_TARGETS"))
local counter = 0
-- Global, not local: setup() runs in wrk's main state and hands each thread its number.
thread_number = 0
local prefix = os.getenv("REGISTER_PREFIX") or "load"

setup = function(thread)
  thread:set("thread_number", thread_number)
  thread_number = thread_number + 1
end

init = function(args)
  math.randomseed(thread_number * 7919 + 17)
end

request = function()
  counter = counter + 1
  local path = targets.paths[math.random(#targets.paths)]
  local email = prefix .. "-" .. thread_number .. "-" .. counter .. "@bench.hls-events.example"
  -- As a browser sends the form: the reminders box is ticked by default.
  local body = "csrf_token=" .. targets.csrf_token .. "&name=Load+Test&sector=charity&wants_reminders=y&email=" .. email
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = targets.cookie,
  }, body)
end
