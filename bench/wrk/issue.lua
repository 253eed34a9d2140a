-- POST /api/v1/certificates: issuance over the JSON API with an API token.
-- AMS_BENCH_BODIES names a file with one JSON body {"csr": "..."} per line
-- (the same CSRs `openssl ca` issues as the anchor); requests cycle through
-- them, each thread from its own starting point. Non-2xx answers are counted
-- by wrk ("Non-2xx or 3xx responses") and make http_bench.sh fail the row.
local bodies = {}
for line in io.lines(os.getenv("AMS_BENCH_BODIES")) do bodies[#bodies + 1] = line end
local next_body = 0

wrk.method = "POST"
wrk.path = "/api/v1/certificates"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AMS_BENCH_TOKEN")

function setup(thread)
  thread:set("first", math.random(#bodies))
end

function init(args)
  next_body = first or 0
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next_body])
end
