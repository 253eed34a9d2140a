#include "web/http/router.h"

#include <gtest/gtest.h>

namespace ams::web {
namespace {

Handler Named(std::string name) {
  return [name](const HttpRequest&) { return HttpResponse::Text(200, name); };
}

std::string HandlerName(const RouteMatch& m) {
  if (m.kind != RouteMatch::Kind::kFound) return "<none>";
  return m.route->handler(HttpRequest{}).body;
}

Router MakeRouter() {
  Router r;
  r.Add("GET", "/", Named("root"));
  r.Add("GET", "/api/v1/requests", Named("list"));
  r.Add("POST", "/api/v1/requests", Named("create"));
  r.Add("GET", "/api/v1/requests/:id(\\d+)", Named("get"));
  r.Add("GET", "/api/v1/requests/mine", Named("mine"));
  r.Add("POST", "/api/v1/requests/:id(\\d+)/approve", Named("approve"));
  r.Add("GET", "/crl/:name", Named("crl"), Dispatch::kInline);
  r.Add("GET", "/certs/:serial([0-9A-Fa-f]+)", Named("cert"));
  r.Add("GET", "/dl/:token([A-Za-z0-9_-]+)", Named("dl"));
  r.Add("GET", "/static/*", Named("static"));
  r.Add("GET", "/ocsp/*", Named("ocsp-get"), Dispatch::kInline);
  r.Add("POST", "/ocsp", Named("ocsp-post"), Dispatch::kInline);
  return r;
}

TEST(RouterTest, MatchesTable) {
  const Router router = MakeRouter();
  static const struct {
    const char* method;
    const char* path;
    const char* handler;
    const char* why;
  } kCases[] = {
      {"GET", "/", "root", "root"},
      {"GET", "/api/v1/requests", "list", "literal"},
      {"POST", "/api/v1/requests", "create", "same path, other method"},
      {"GET", "/api/v1/requests/42", "get", "digits param"},
      {"GET", "/api/v1/requests/mine", "mine", "literal beats param"},
      {"GET", "/api/v1/requests/4x2", "<none>", "digits param rejects letters"},
      {"GET", "/api/v1/requests/", "<none>", "empty trailing segment"},
      {"GET", "/api/v1/requests/42/", "<none>", "trailing slash is another path"},
      {"POST", "/api/v1/requests/7/approve", "approve", "param then literal"},
      {"GET", "/crl/root.crl", "crl", "any param"},
      {"GET", "/certs/0aFF", "cert", "hex"},
      {"GET", "/certs/0aFG", "<none>", "not hex"},
      {"GET", "/dl/ab_c-D9", "dl", "token"},
      {"GET", "/dl/a.b", "<none>", "not a token"},
      {"GET", "/static/css/app.css", "static", "wildcard with slashes"},
      {"GET", "/static/", "<none>", "wildcard must be non-empty"},
      {"GET", "/static", "<none>", "prefix alone"},
      {"GET", "/ocsp/MEow/Q+a==", "ocsp-get", "OCSP GET base64 with '/'"},
      {"POST", "/ocsp", "ocsp-post", "OCSP POST"},
      {"GET", "/nope", "<none>", "unknown"},
      {"GET", "", "<none>", "empty path"},
      {"GET", "api", "<none>", "relative path"},
      {"GET", "//", "<none>", "empty segments"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(HandlerName(router.Match(c.method, c.path)), c.handler) << c.why << ": " << c.method << " " << c.path;
  }
}

TEST(RouterTest, CapturesParams) {
  const Router router = MakeRouter();
  RouteMatch m = router.Match("POST", "/api/v1/requests/123/approve");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.params.at("id"), "123");
  EXPECT_EQ(m.route->pattern, "/api/v1/requests/:id(\\d+)/approve");
  EXPECT_EQ(m.route->dispatch, Dispatch::kWorker);

  m = router.Match("GET", "/static/img/logo.png");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.params.at("*"), "img/logo.png");

  m = router.Match("GET", "/crl/root.crl");
  EXPECT_EQ(m.route->dispatch, Dispatch::kInline);
}

TEST(RouterTest, MethodNotAllowedListsAllow) {
  const Router router = MakeRouter();
  RouteMatch m = router.Match("DELETE", "/api/v1/requests");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, POST");

  m = router.Match("POST", "/static/a.css");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET");

  m = router.Match("DELETE", "/nowhere");
  EXPECT_EQ(m.kind, RouteMatch::Kind::kNotFound);
}

TEST(RouterTest, BacktracksAcrossParams) {
  Router r;
  r.Add("GET", "/a/:x/b", Named("xb"));
  r.Add("GET", "/a/:y(\\d+)/c", Named("yc"));
  EXPECT_EQ(HandlerName(r.Match("GET", "/a/1/c")), "yc");
  EXPECT_EQ(HandlerName(r.Match("GET", "/a/1/b")), "xb");
  RouteMatch m = r.Match("GET", "/a/1/c");
  EXPECT_EQ(m.params.count("x"), 0u) << "params of an abandoned branch are dropped";
  EXPECT_EQ(m.params.at("y"), "1");
}

TEST(RouterTest, RejectsBadPatterns) {
  static const struct {
    const char* method;
    const char* pattern;
    const char* why;
  } kCases[] = {
      {"GET", "", "empty"},
      {"GET", "api", "relative"},
      {"GET", "/a//b", "empty segment"},
      {"GET", "/a/*/b", "wildcard not last"},
      {"GET", "/a/:", "nameless param"},
      {"GET", "/a/:1x", "name starts with digit"},
      {"GET", "/a/:id(.*)", "unsupported class"},
      {"GET", "/a/:id(\\d+", "unclosed class"},
      {"GET", "/a/:id/:id", "repeated name"},
      {"GET", "/a:b", "colon inside literal"},
      {"get", "/a", "lower-case method"},
      {"", "/a", "empty method"},
  };
  for (const auto& c : kCases) {
    Router r;
    Status s = r.TryAdd(c.method, c.pattern, Named("x"));
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << c.why;
    EXPECT_EQ(s.reason(), "invalid_route") << c.why;
    EXPECT_EQ(r.size(), 0u) << c.why;
  }
}

TEST(RouterTest, RejectsDuplicates) {
  Router r;
  ASSERT_TRUE(r.TryAdd("GET", "/a/:id", Named("1")).ok());
  Status s = r.TryAdd("GET", "/a/:id", Named("2"));
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(r.size(), 1u);
  EXPECT_TRUE(r.TryAdd("POST", "/a/:id", Named("3")).ok());
}

}  // namespace
}  // namespace ams::web
