-- wrk script: the serve-mix.lua rotation with a pause before each request
-- (PACE_MS, default 10 ms), so each connection sends at most 1000/PACE_MS
-- requests per second: CONNECTIONS x that is a fixed offered load
-- (bench/serve.sh).
local paths = {
  "/api/v1/events",
  "/api/v1/events?actor=RUS",
  "/api/v1/events?actor=RUS&other=NER",
  "/api/v1/events?quadclass=4&since=2020-01-01",
  "/api/v1/events?cameo=19",
  "/api/v1/events?bbox=-20,0,20,30",
  "/api/v1/events?actor=USA&side=source&quadclass=1",
  "/api/v1/events?since=2019-06-01&until=2019-06-30",
  "/api/v1/events?plover=CONSULT&limit=50",
  "/api/v1/events?actor=IRN&since=2018-01-01&until=2018-12-31",
}
local pace = tonumber(os.getenv("PACE_MS") or "10")
local i = 0
function init(args)
  i = math.random(#paths)
end
function delay()
  return pace
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
