#include "web/http/server.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "base/encoding.h"
#include "web/error_response.h"
#include "web/http/multipart.h"
#include "web/test_client.h"

namespace ams::web {
namespace {

using testing::ClientResponse;
using testing::Send;
using testing::SendRaw;
using Json = nlohmann::json;

constexpr size_t kMaxBody = 1024 * 1024;

std::shared_ptr<Router> MakeRouter() {
  auto r = std::make_shared<Router>();
  r->Add("GET", "/hello", [](const HttpRequest&) { return HttpResponse::Text(200, "hello"); });
  r->Add("GET", "/api/v1/requests/:id(\\d+)", [](const HttpRequest& req) {
    return HttpResponse::Json(200, {{"id", req.params.at("id")}});
  });
  r->Add("POST", "/echo", [](const HttpRequest& req) { return HttpResponse::Text(200, req.body); });
  r->Add("GET", "/boom", [](const HttpRequest&) -> HttpResponse {
    throw std::runtime_error("db password is hunter2");
  });
  r->Add("GET", "/slow", [](const HttpRequest&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return HttpResponse::Text(200, "slow done");
  });
  r->Add("GET", "/inspect", [](const HttpRequest& req) {
    return HttpResponse::Json(200, {{"session", req.Cookie("ams_session").value_or("<none>")},
                                    {"q", req.Query("q").value_or("<none>")},
                                    {"x_test", req.Header("X-Test").value_or("<none>")},
                                    {"remote", req.remote_addr},
                                    {"request_id", req.request_id},
                                    {"path", req.path},
                                    {"tls", req.IsTls()}});
  });
  r->Add("GET", "/nice", [](const HttpRequest&) {
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    return HttpResponse::Json(200, {{"nice", nice}});
  });
  r->Add("POST", "/form", [](const HttpRequest& req) { return HttpResponse::Json(200, req.FormFields()); });
  r->Add("POST", "/upload", [](const HttpRequest& req) {
    Result<std::vector<Part>> parts = ParseMultipart(req);
    if (!parts.ok()) return ErrorResponse(req, parts.status());
    Json out = Json::array();
    for (const Part& p : *parts) {
      out.push_back({{"name", p.name}, {"filename", p.filename}, {"type", p.content_type}, {"size", p.data.size()},
                     {"data", p.is_file() ? ams::HexEncode(p.data) : p.data}});
    }
    return HttpResponse::Json(200, out);
  });
  r->Add(
      "GET", "/ocsp/*",
      [](const HttpRequest& req) { return HttpResponse::Text(200, "ocsp:" + req.params.at("*")); },
      Dispatch::kInline);
  r->Add("GET", "/custom", [](const HttpRequest&) {
    HttpResponse resp = HttpResponse::Text(200, "c");
    resp.SetHeader("Content-Security-Policy", "default-src 'none'");
    resp.SetHeader("Cache-Control", "public, max-age=60");
    resp.SetCookie("ams_session", "abc", {.max_age_seconds = 60, .secure = true});
    return resp;
  });
  r->Add("GET", "/bad-header", [](const HttpRequest&) {
    HttpResponse resp = HttpResponse::Text(200, "x");
    resp.SetHeader("X-Evil", "a\r\nSet-Cookie: pwned=1");
    return resp;
  });
  return r;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer({}); }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  void StartServer(std::shared_ptr<spdlog::logger> access_logger, size_t io_threads = 1,
                   size_t max_connections = 1024) {
    if (server_) server_->Stop();
    ServerOptions options;
    options.max_connections = max_connections;
    options.port = 0;
    options.io_threads = io_threads;
    options.worker_threads = 4;
    options.max_body_bytes = kMaxBody;
    options.shutdown_grace = std::chrono::seconds(5);
    options.access_logger = access_logger ? access_logger : NullLogger();
    server_ = std::make_unique<Server>(options, MakeRouter());
    Status s = server_->Start();
    ASSERT_TRUE(s.ok()) << s.ToString();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  static std::shared_ptr<spdlog::logger> NullLogger() {
    auto logger = std::make_shared<spdlog::logger>("test-access");
    logger->set_level(spdlog::level::off);
    return logger;
  }

  static Json ErrorOf(const ClientResponse& r) { return Json::parse(r.body, nullptr, false)["error"]; }

  std::unique_ptr<Server> server_;
  uint16_t port_ = 0;
};

TEST_F(ServerTest, RoutesWithParams) {
  ClientResponse r = Send(port_, "GET", "/api/v1/requests/42");
  EXPECT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Json::parse(r.body)["id"], "42");
  EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");

  r = Send(port_, "GET", "/api/v1/requests/%34%32");
  EXPECT_EQ(Json::parse(r.body)["id"], "42") << "path is decoded before routing";

  r = Send(port_, "GET", "/ocsp/MEow%2FQ%2Ba%3D%3D");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ocsp:MEow/Q+a==") << "inline route, wildcard keeps '/' and '+'";
}

// The handlers run below the priority of the threads they wait on (the
// issuance committer, the I/O threads): see YieldToCommitter in server.cc.
TEST_F(ServerTest, HandlersRunAtALowerPriorityThanTheRestOfTheProcess) {
  // Threads inherit the nice value of their creator: this one's.
  const int base = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  for (int i = 0; i < 8; ++i) {  // whichever worker takes it
    ClientResponse r = Send(port_, "GET", "/nice");
    ASSERT_EQ(r.status, 200) << r.raw;
    EXPECT_EQ(Json::parse(r.body)["nice"].get<int>(), std::min(base + 5, 19)) << r.body;
  }
}

TEST_F(ServerTest, UnknownPathIs404Json) {
  ClientResponse r = Send(port_, "GET", "/nope?x=1");
  EXPECT_EQ(r.status, 404);
  Json e = ErrorOf(r);
  EXPECT_EQ(e["code"], "not_found");
  EXPECT_EQ(e["request_id"], r.Header("x-request-id"));
  EXPECT_FALSE(r.Header("x-request-id").empty());
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  ClientResponse r = Send(port_, "DELETE", "/hello");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "GET");
  EXPECT_EQ(ErrorOf(r)["code"], "method_not_allowed");
}

TEST_F(ServerTest, MalformedPathIs400) {
  ClientResponse r = Send(port_, "GET", "/hello%zz");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorOf(r)["code"], "invalid_path");
  r = Send(port_, "GET", "/hello%00");
  EXPECT_EQ(r.status, 400) << "NUL in a path";
}

TEST_F(ServerTest, OversizedBodyIs413WithoutReadingIt) {
  // Declares 2 MiB but sends 1 KiB: a 413 proves the server did not wait for
  // (or buffer) the body.
  std::string req = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(2 * kMaxBody) +
                    "\r\n\r\n" + std::string(1024, 'a');
  ClientResponse r = SendRaw(port_, req);
  EXPECT_EQ(r.status, 413) << r.raw;
  EXPECT_EQ(ErrorOf(r)["code"], "request_too_large");
  EXPECT_EQ(r.Header("connection"), "close");

  // curl's way: Expect: 100-continue and wait; the 413 comes first.
  r = SendRaw(port_, "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 99999999999\r\n\r\n");
  EXPECT_EQ(r.status, 413) << r.raw;

  // A chunked body that outgrows the limit: the connection is dropped.
  std::string chunked = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", kMaxBody + 1);
  chunked += size_line + std::string(kMaxBody + 1, 'b') + "\r\n0\r\n\r\n";
  r = SendRaw(port_, chunked);
  EXPECT_NE(r.status, 200);

  // At the limit exactly is fine, and the server still serves.
  r = Send(port_, "POST", "/echo", std::string(kMaxBody, 'c'));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), kMaxBody);
  EXPECT_EQ(Send(port_, "GET", "/hello").status, 200);
}

// Issue #5: a page (outside /api/) gets the router's HTML answer for the
// server's own refusals, still without the body being read; the API keeps JSON.
TEST_F(ServerTest, RefusalsOutsideTheApiUseTheRoutersPage) {
  server_->Stop();
  std::shared_ptr<Router> router = MakeRouter();
  router->SetTransportErrorPage([](const Router&, const HttpRequest& req, int status, std::string_view reason) {
    return std::optional<HttpResponse>(HttpResponse::Text(
        200, "<p>" + std::to_string(status) + " " + std::string(reason) + " " + req.method + " " + req.path + "</p>",
        "text/html; charset=utf-8"));
  });
  ServerOptions options;
  options.port = 0;
  options.max_body_bytes = kMaxBody;
  options.access_logger = NullLogger();
  server_ = std::make_unique<Server>(options, router);
  ASSERT_TRUE(server_->Start().ok());
  port_ = server_->port();

  std::string req = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(2 * kMaxBody) +
                    "\r\n\r\n" + std::string(1024, 'a');
  ClientResponse r = SendRaw(port_, req);
  EXPECT_EQ(r.status, 413) << r.raw;
  EXPECT_EQ(r.body, "<p>413 request_too_large POST /echo</p>");
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("connection"), "close");

  r = Send(port_, "GET", "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "<p>404 not_found GET /nope</p>");
  r = Send(port_, "DELETE", "/hello");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "GET");

  r = Send(port_, "GET", "/api/v1/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(ErrorOf(r)["code"], "not_found") << "the API keeps its JSON errors";
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutItsText) {
  ClientResponse r = Send(port_, "GET", "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.raw.find("hunter2"), std::string::npos);
  Json e = ErrorOf(r);
  EXPECT_EQ(e["code"], "internal");
  EXPECT_EQ(e["request_id"], r.Header("x-request-id"));
}

TEST_F(ServerTest, HeaderInjectionIsRefused) {
  ClientResponse r = Send(port_, "GET", "/bad-header");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.raw.find("pwned"), std::string::npos);
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  for (const char* path : {"/hello", "/nope", "/boom"}) {
    ClientResponse r = Send(port_, "GET", path);
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << path;
    EXPECT_EQ(r.Header("x-frame-options"), "DENY") << path;
    EXPECT_EQ(r.Header("referrer-policy"), "no-referrer") << path;
    EXPECT_EQ(r.Header("content-security-policy"), kDefaultCsp) << path;
    EXPECT_EQ(r.Header("cache-control"), "no-store") << path;
    EXPECT_EQ(r.Header("x-request-id").size(), 16u) << path;
  }
  ClientResponse a = Send(port_, "GET", "/hello");
  ClientResponse b = Send(port_, "GET", "/hello");
  EXPECT_NE(a.Header("x-request-id"), b.Header("x-request-id"));
}

TEST_F(ServerTest, HandlerMayOverrideCspAndCacheControl) {
  ClientResponse r = Send(port_, "GET", "/custom");
  EXPECT_EQ(r.headers.count("content-security-policy"), 1u);
  EXPECT_EQ(r.Header("content-security-policy"), "default-src 'none'");
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=60");
  EXPECT_EQ(r.Header("set-cookie"), "ams_session=abc; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(r.Header("x-frame-options"), "DENY");
}

TEST_F(ServerTest, CookiesQueryAndHeadersReachTheHandler) {
  ClientResponse r = Send(port_, "GET", "/inspect?q=a+b%20c%26d&other=1", "",
                          "Cookie: theme=dark; ams_session=s3ss10n\r\nX-Test: yes\r\n");
  ASSERT_EQ(r.status, 200) << r.raw;
  Json j = Json::parse(r.body);
  EXPECT_EQ(j["session"], "s3ss10n");
  EXPECT_EQ(j["q"], "a b c&d");
  EXPECT_EQ(j["x_test"], "yes");
  EXPECT_EQ(j["remote"], "127.0.0.1");
  EXPECT_EQ(j["path"], "/inspect");
  EXPECT_EQ(j["request_id"], r.Header("x-request-id"));
  EXPECT_EQ(j["tls"], false);
}

TEST_F(ServerTest, FormFieldsParsed) {
  ClientResponse r = Send(port_, "POST", "/form", "nama=Siti+Aminah&kota=Surabaya&catatan=50%25+selesai",
                          "Content-Type: application/x-www-form-urlencoded\r\n");
  ASSERT_EQ(r.status, 200) << r.raw;
  Json j = Json::parse(r.body);
  EXPECT_EQ(j["nama"], "Siti Aminah");
  EXPECT_EQ(j["kota"], "Surabaya");
  EXPECT_EQ(j["catatan"], "50% selesai");
}

TEST_F(ServerTest, MultipartUploadParsed) {
  const std::string file_bytes("\x30\x82\x01\x0a\r\n--x\0end", 12);
  std::string body =
      "--XyZ123\r\n"
      "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
      "hello world\r\n"
      "--XyZ123\r\n"
      "Content-Disposition: form-data; name=\"csr\"; filename=\"req.der\"\r\n"
      "Content-Type: application/pkcs10\r\n\r\n" +
      file_bytes +
      "\r\n"
      "--XyZ123--\r\n";
  ClientResponse r = Send(port_, "POST", "/upload", body, "Content-Type: multipart/form-data; boundary=XyZ123\r\n");
  ASSERT_EQ(r.status, 200) << r.raw;
  Json j = Json::parse(r.body);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["name"], "note");
  EXPECT_EQ(j[0]["filename"], "");
  EXPECT_EQ(j[0]["data"], "hello world");
  EXPECT_EQ(j[1]["name"], "csr");
  EXPECT_EQ(j[1]["filename"], "req.der");
  EXPECT_EQ(j[1]["type"], "application/pkcs10");
  EXPECT_EQ(j[1]["size"], 12);
  EXPECT_EQ(j[1]["data"], ams::HexEncode(file_bytes));

  r = Send(port_, "POST", "/upload", "junk", "Content-Type: multipart/form-data; boundary=XyZ123\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorOf(r)["code"], "malformed_multipart");
}

TEST_F(ServerTest, ManyConcurrentRequestsAllAnswered) {
  StartServer(nullptr, /*io_threads=*/2);
  constexpr int kThreads = 20, kPerThread = 10;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = std::to_string(t * 1000 + i);
        ClientResponse r = Send(port_, "GET", "/api/v1/requests/" + id);
        if (r.status == 200 && Json::parse(r.body)["id"] == id) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::string two = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
  two += "GET /api/v1/requests/7 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ClientResponse r = SendRaw(port_, two);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.raw.find("hello"), std::string::npos);
  EXPECT_NE(r.raw.find("{\"id\":\"7\"}"), std::string::npos) << r.raw;
}

TEST_F(ServerTest, StopLetsInFlightRequestFinish) {
  ClientResponse slow;
  std::thread client([&] { slow = Send(port_, "GET", "/slow"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // the handler is sleeping now
  const auto t0 = std::chrono::steady_clock::now();
  server_->Stop();
  const auto waited = std::chrono::steady_clock::now() - t0;
  client.join();
  EXPECT_EQ(slow.status, 200) << slow.raw;
  EXPECT_EQ(slow.body, "slow done");
  EXPECT_EQ(slow.Header("connection"), "close");
  EXPECT_GE(waited, std::chrono::milliseconds(200)) << "Stop() waited for the handler";
  EXPECT_EQ(Send(port_, "GET", "/hello").status, 0) << "no longer accepting";
  server_->Wait();  // returns at once after Stop
  server_->Stop();  // idempotent
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnections) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  asio::write(socket, asio::buffer(std::string("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")));
  char buf[4096];
  const size_t n = socket.read_some(asio::buffer(buf));
  ASSERT_NE(std::string(buf, n).find("hello"), std::string::npos);
  server_->Stop();  // the connection is idle, kept alive
  asio::error_code ec;
  socket.read_some(asio::buffer(buf), ec);
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
}

// Past max_connections a new connection waits (in the backlog) until one of
// the open ones closes; then it is served.
TEST_F(ServerTest, ConnectionsPastTheLimitWaitForOneToClose) {
  StartServer(nullptr, 1, /*max_connections=*/2);
  asio::io_context io;
  const asio::ip::tcp::endpoint at{asio::ip::make_address("127.0.0.1"), port_};
  const std::string hello = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
  char buf[4096];
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> open;
  for (int i = 0; i < 2; ++i) {  // two kept-alive connections: the limit
    open.push_back(std::make_unique<asio::ip::tcp::socket>(io));
    open.back()->connect(at);
    asio::write(*open.back(), asio::buffer(hello));
    const size_t n = open.back()->read_some(asio::buffer(buf));
    ASSERT_NE(std::string(buf, n).find("hello"), std::string::npos);
  }
  ClientResponse third;
  std::atomic<bool> answered{false};
  std::thread client([&] {
    third = Send(port_, "GET", "/hello");
    answered = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(answered.load()) << "a third connection is not served while two are open";
  open.front()->close();
  client.join();
  EXPECT_EQ(third.status, 200) << third.raw;
}

TEST_F(ServerTest, StartFailsOnPortInUse) {
  ServerOptions options;
  options.port = port_;
  Server second(options, MakeRouter());
  Status s = second.Start();
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(s.reason(), "listen_failed");
}

TEST_F(ServerTest, RunUntilSignalStopsOnSigterm) {
  std::atomic<bool> ready{false};
  int got = 0;
  std::thread waiter([&] { got = RunUntilSignal(*server_, [&] { ready = true; }); });
  while (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(::getpid(), SIGTERM);
  waiter.join();
  EXPECT_EQ(got, SIGTERM);
  EXPECT_EQ(Send(port_, "GET", "/hello").status, 0);
}

TEST_F(ServerTest, AccessLogCarriesNoSecrets) {
  std::ostringstream access_out, other_out;
  auto access = std::make_shared<spdlog::logger>("access-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(access_out));
  access->set_level(spdlog::level::trace);
  StartServer(access);
  // Everything else the process logs (RESTinio's messages, error details) too.
  auto previous = spdlog::default_logger();
  auto other = std::make_shared<spdlog::logger>("other-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(other_out));
  other->set_level(spdlog::level::trace);
  spdlog::set_default_logger(other);

  ClientResponse r = Send(port_, "POST", "/form?token=SECRET1&next=%2Fhome", "username=budi&password=SECRET4",
                          "Cookie: ams_session=SECRET2\r\nAuthorization: Bearer SECRET3\r\n"
                          "Content-Type: application/x-www-form-urlencoded\r\n");
  ASSERT_EQ(r.status, 200);
  ClientResponse missing = Send(port_, "GET", "/nope?token=SECRET5", "", "Authorization: Bearer SECRET6\r\n");
  server_->Stop();  // flushes: every response has been written
  spdlog::set_default_logger(previous);

  const std::string log = access_out.str();
  EXPECT_NE(log.find(r.Header("x-request-id") + " 127.0.0.1 \"POST /form\" 200 "), std::string::npos) << log;
  EXPECT_NE(log.find(missing.Header("x-request-id") + " 127.0.0.1 \"GET /nope\" 404 "), std::string::npos) << log;
  for (const std::string& all : {log, other_out.str()}) {
    for (const char* secret : {"SECRET", "token=", "budi", "Bearer", "ams_session"}) {
      EXPECT_EQ(all.find(secret), std::string::npos) << secret << " in:\n" << all;
    }
  }
}

// Not a test: serves GET /ocsp/* (inline) and /api/v1/requests/:id (worker)
// for AMS_WEB_BENCH_SECONDS (default 20) so wrk can measure the server alone:
//   ams_web_tests --gtest_also_run_disabled_tests --gtest_filter='*ServeForBenchmark*'
//   wrk -t2 -c64 -d10s http://127.0.0.1:18080/ocsp/MEow
TEST_F(ServerTest, DISABLED_ServeForBenchmark) {
  server_->Stop();
  ServerOptions options;
  options.port = 18080;
  options.access_logger = NullLogger();
  Server server(options, MakeRouter());
  ASSERT_TRUE(server.Start().ok());
  const char* seconds = std::getenv("AMS_WEB_BENCH_SECONDS");
  std::this_thread::sleep_for(std::chrono::seconds(seconds ? std::atoi(seconds) : 20));
}

}  // namespace
}  // namespace ams::web
