-- wrk script: every request a practice-record search no worker has kept a copy of.
-- A word people wrote about (most match hundreds or thousands of the 50,000 reflections),
-- and a number the app ignores, so that each request builds the page afresh.
local words = {
  "trust", "frontline", "managers", "funders", "reports", "families", "data", "prove",
  "huddle", "targets", "relational", "welfare", "councils", "commissioning", "outputs",
  "uncertainty", "hopeful", "uncomfortable", "tiring", "heard", "messy", "energy",
  "questions", "meeting", "colleague", "commissioner", "referrals", "board", "story",
  "dashboard", "young", "carers", "finance", "procurement", "evidence", "relationships",
  "experiment", "system", "accountable", "learning",
}
local counter = 0
thread_number = 0

setup = function(thread)
  thread:set("thread_number", thread_number)
  thread_number = thread_number + 1
end

init = function(args)
  math.randomseed(thread_number * 104729 + 7)
end

request = function()
  counter = counter + 1
  local word = words[math.random(#words)]
  return wrk.format("GET", "/practice/?q=" .. word .. "&n=" .. thread_number .. "-" .. counter)
end
