#include "web/http/http_types.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ams::web {
namespace {

HttpRequest WithHeaders(std::vector<std::pair<std::string, std::string>> headers) {
  HttpRequest r;
  r.headers = std::move(headers);
  return r;
}

TEST(HttpRequestTest, HeaderIsCaseInsensitive) {
  HttpRequest r = WithHeaders({{"content-type", "text/plain"}, {"x-a", "1"}, {"x-a", "2"}});
  EXPECT_EQ(r.Header("Content-Type"), "text/plain");
  EXPECT_EQ(r.Header("X-A"), "1");
  EXPECT_EQ(r.Header("missing"), std::nullopt);
}

TEST(HttpRequestTest, CookieParsing) {
  HttpRequest r = WithHeaders({{"cookie", "a=1; ams_session=abc-_123;b=\"quoted\" ; empty="},
                               {"cookie", "late=x"}});
  EXPECT_EQ(r.Cookie("ams_session"), "abc-_123");
  EXPECT_EQ(r.Cookie("a"), "1");
  EXPECT_EQ(r.Cookie("b"), "quoted");
  EXPECT_EQ(r.Cookie("empty"), "");
  EXPECT_EQ(r.Cookie("late"), "x");
  EXPECT_EQ(r.Cookie("ams"), std::nullopt) << "no prefix match";
  EXPECT_EQ(r.Cookie("session"), std::nullopt) << "no suffix match";
}

TEST(HttpRequestTest, QueryDecoding) {
  HttpRequest r;
  r.raw_query = "q=a+b%20c&empty=&flag&n%61me=v&bad=%zz&dup=1&dup=2&utf=%E2%9C%93";
  EXPECT_EQ(r.Query("q"), "a b c");
  EXPECT_EQ(r.Query("empty"), "");
  EXPECT_EQ(r.Query("flag"), "");
  EXPECT_EQ(r.Query("name"), "v") << "encoded key";
  EXPECT_EQ(r.Query("bad"), "%zz") << "malformed escape kept as typed";
  EXPECT_EQ(r.Query("dup"), "1") << "first wins";
  EXPECT_EQ(r.Query("utf"), "\xE2\x9C\x93");
  EXPECT_EQ(r.Query("missing"), std::nullopt);
}

TEST(HttpRequestTest, FormFields) {
  HttpRequest r = WithHeaders({{"content-type", "application/x-www-form-urlencoded; charset=UTF-8"}});
  r.body = "nama=Budi+Santoso&nik=3578011234567890&csrf=a%2Bb%3D&nama=second";
  auto f = r.FormFields();
  EXPECT_EQ(f["nama"], "Budi Santoso");
  EXPECT_EQ(f["nik"], "3578011234567890");
  EXPECT_EQ(f["csrf"], "a+b=");

  HttpRequest json = WithHeaders({{"content-type", "application/json"}});
  json.body = "a=1";
  EXPECT_TRUE(json.FormFields().empty()) << "not a form";
}

TEST(PercentDecodeTest, Table) {
  static const struct {
    const char* in;
    bool plus;
    std::optional<std::string> out;
    const char* why;
  } kCases[] = {
      {"abc", false, "abc", "plain"},
      {"a%2Fb", false, "a/b", "slash"},
      {"a+b", false, "a+b", "plus kept in paths"},
      {"a+b", true, "a b", "plus as space in forms"},
      {"%", false, std::nullopt, "lone percent"},
      {"%4", false, std::nullopt, "one hex digit"},
      {"%4g", false, std::nullopt, "non-hex digit"},
      {"%00", false, std::string(1, '\0'), "NUL decodes"},
      {"%41%42", false, "AB", "two escapes"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(PercentDecode(c.in, c.plus), c.out) << c.why;
  }
}

TEST(HttpResponseTest, JsonReplacesInvalidUtf8) {
  HttpResponse r = HttpResponse::Json(201, {{"name", std::string("bad\xff")}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.FindHeader("content-type"), "application/json; charset=utf-8");
  EXPECT_NE(r.body.find("bad"), std::string::npos);
}

TEST(HttpResponseTest, RedirectIs303) {
  HttpResponse r = HttpResponse::Redirect("/dashboard");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.FindHeader("Location"), "/dashboard");
}

TEST(HttpResponseTest, SetCookieAttributes) {
  HttpResponse r;
  r.SetCookie("ams_session", "tok", {.max_age_seconds = 3600, .secure = true});
  r.SetCookie("prefs", "x", {.http_only = false, .same_site = "Lax"});
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[0].second, "ams_session=tok; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(r.headers[1].second, "prefs=x; Path=/; SameSite=Lax");
}

TEST(HttpResponseTest, SetHeaderReplaces) {
  HttpResponse r = HttpResponse::Text(200, "x");
  r.SetHeader("content-type", "text/html");
  EXPECT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.FindHeader("Content-Type"), "text/html");
}

}  // namespace
}  // namespace ams::web
