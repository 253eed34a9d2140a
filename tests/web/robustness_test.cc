// Random and hostile input for our side of the HTTP stack: the parsers in
// http_types/multipart/router on random bytes, and malformed requests on the
// wire (RESTinio sits on http-parser 2.9.4, no longer maintained upstream).
#include <gtest/gtest.h>

#include <spdlog/spdlog.h>

#include <random>
#include <string>

#include "web/http/http_types.h"
#include "web/http/multipart.h"
#include "web/http/router.h"
#include "web/http/server.h"
#include "web/test_client.h"

namespace ams::web {
namespace {

// Bytes that matter to the parsers, so random strings hit their branches.
std::string RandomInput(std::mt19937& rng, size_t max_len) {
  static constexpr char kAlphabet[] = "%+=&;:/\\\"'\r\n -_aZ09*()\0\xff";
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<size_t> pick(0, sizeof(kAlphabet) - 1);
  std::string s(len(rng), '\0');
  for (char& c : s) c = kAlphabet[pick(rng)];
  return s;
}

TEST(RobustnessTest, ParsersSurviveRandomInput) {
  std::mt19937 rng(20261127);
  Router router;
  router.Add("GET", "/a/:id(\\d+)", [](const HttpRequest&) { return HttpResponse(); });
  router.Add("GET", "/s/*", [](const HttpRequest&) { return HttpResponse(); });
  for (int i = 0; i < 3000; ++i) {
    const std::string input = RandomInput(rng, 200);
    std::optional<std::string> decoded = PercentDecode(input, true);
    if (decoded) {
      EXPECT_LE(decoded->size(), input.size());
    }
    EXPECT_LE(ParseUrlEncoded(input, 10).size(), 10u);

    HttpRequest req;
    req.raw_query = input;
    req.headers = {{"cookie", input}, {"content-type", "application/x-www-form-urlencoded"}};
    req.body = input;
    (void)req.Query("a");
    (void)req.Cookie("a");
    (void)req.FormFields();
    (void)router.Match("GET", "/" + input);

    HttpRequest mp;
    mp.headers = {{"content-type", "multipart/form-data; boundary=b"}};
    mp.body = "--b\r\n" + input + "\r\n--b--\r\n";
    Result<std::vector<Part>> parts = ParseMultipart(mp);
    if (!parts.ok()) {
      EXPECT_TRUE(parts.status().reason() == "malformed_multipart" ||
                  parts.status().reason() == "too_many_parts")
          << parts.status().ToString();
    }
  }
}

TEST(RobustnessTest, MalformedRequestsDoNotHurtTheServer) {
  auto router = std::make_shared<Router>();
  router->Add("GET", "/hello", [](const HttpRequest&) { return HttpResponse::Text(200, "hello"); });
  router->Add("POST", "/echo", [](const HttpRequest& r) { return HttpResponse::Text(200, r.body); });
  ServerOptions options;
  options.port = 0;
  options.read_timeout = std::chrono::seconds(1);
  options.access_logger = std::make_shared<spdlog::logger>("robustness-null");
  Server server(options, router);
  ASSERT_TRUE(server.Start().ok());
  const uint16_t port = server.port();

  static const struct {
    std::string request;
    const char* why;
  } kCases[] = {
      {"GARBAGE\r\n\r\n", "no request line"},
      {"GET /hello HTTP/1.x\r\nConnection: close\r\n\r\n", "bad version"},
      {"GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "negative length"},
      {"GET /hello HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "two lengths"},
      {"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n", "bad chunk size"},
      {"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
       "chunked and length (smuggling)"},
      {"GET /hello HTTP/1.1\r\nX-Long: " + std::string(20000, 'a') + "\r\n\r\n", "header value over the limit"},
      {"GET /" + std::string(10000, 'a') + " HTTP/1.1\r\n\r\n", "URL over the limit"},
      {std::string("GET /hello HTTP/1.1\r\nX: a\0b\r\n\r\n", 32), "NUL in a header"},
      {"GET /hello HTTP/1.1\r\n" + [] {
         std::string h;
         for (int i = 0; i < 200; ++i) h += "X-" + std::to_string(i) + ": v\r\n";
         return h;
       }() + "\r\n",
       "too many headers"},
      {"GET /hello HTTP/1.1\r\nHost: x", "truncated (read timeout)"},
  };
  for (const auto& c : kCases) {
    testing::ClientResponse r = testing::SendRaw(port, c.request);
    EXPECT_NE(r.status, 200) << c.why << "\n" << r.raw;
    EXPECT_EQ(testing::Send(port, "GET", "/hello").status, 200) << "still serving after: " << c.why;
  }
  server.Stop();
}

}  // namespace
}  // namespace ams::web
