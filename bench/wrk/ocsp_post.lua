-- POST /ocsp (RFC 6960 A.1) with one DER OCSPRequest read from the file in
-- AMS_BENCH_OCSP_REQ: every connection asks the same question, so a
-- responder with a cache answers from it. Used by bench/http_bench.sh
-- against ams serve and against the `openssl ocsp` anchor alike.
local f = assert(io.open(os.getenv("AMS_BENCH_OCSP_REQ"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/ocsp-request"
