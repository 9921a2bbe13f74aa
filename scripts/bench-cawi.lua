-- wrk script for scripts/bench-cawi.sh: complete zhejiang-2022 submissions, each with its own idempotency key
-- and device token (a second response from one device would be refused). Args: page-token survey-id run-tag.
local token, survey, tag
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  token, survey, tag = args[1], args[2], tonumber(args[3])
end

function request()
  counter = counter + 1
  local key = string.format("%08x-%04x-4000-8000-%012x", tag, tid, counter)
  local device = string.format("wrk%08dt%02dn%010d", tag, tid, counter)
  local r = counter % 4 + 1
  local body = '{"surveyId":' .. survey .. ',"pageToken":"' .. token .. '","idempotencyKey":"' .. key
    .. '","deviceToken":"' .. device .. '","website":"","answers":{"county":"330604","age":' .. (16 + counter % 70)
    .. ',"hukou":"1","q1":["5","7"],"q1_other":"冒充客服","q2":"' .. r .. '","q3":["1"],"q4":"' .. (5 - r)
    .. '","q5":["1"],"q6":"2","q7":["2","3"],"q8":"1","q9":"' .. r .. '","q10":["1","5","7"],"q11":["1","2","3"],'
    .. '"q12":["1","5"],"q13":"2"},"paradata":{"times":{"q2":3000,"q4":4000},"visibility":0}}'
  return wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" }, body)
end
