#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ams::web {

// One HTTP request as a handler sees it. RESTinio-free: web/http/server.cc
// fills it in. Plain data; thread-compatible. Header names are lowercase.
struct HttpRequest {
  std::string method;     // "GET", "POST", ...
  std::string path;       // percent-decoded path, without the query string
  std::string raw_query;  // as received, without the '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  std::string remote_addr;  // "127.0.0.1" (no port)
  std::string request_id;   // random; also sent back as X-Request-Id
  std::map<std::string, std::string> params;  // route parameters (":id", "*")
  bool tls = false;  // the connection arrived over our own TLS listener

  // The first header of that name (case-insensitive), if any.
  std::optional<std::string> Header(std::string_view name) const;
  // The value of cookie `name` from the Cookie header(s), quotes stripped.
  std::optional<std::string> Cookie(std::string_view name) const;
  // The first query parameter `name`, percent-decoded with '+' as space.
  std::optional<std::string> Query(std::string_view name) const;
  // The fields of an application/x-www-form-urlencoded body (first value wins);
  // empty when the Content-Type says otherwise.
  std::map<std::string, std::string> FormFields() const;
  // Whether the client reached us over TLS. For now only our own listener's
  // flag; TODO(web): X-Forwarded-Proto from a configured trusted proxy.
  bool IsTls() const { return tls; }
};

// Attributes of a Set-Cookie header. Default: HttpOnly, SameSite=Strict,
// Path=/, a session cookie (no Max-Age), no Secure.
struct CookieOptions {
  std::optional<int64_t> max_age_seconds = std::nullopt;  // 0 deletes the cookie
  bool secure = false;
  bool http_only = true;
  std::string same_site = "Strict";
  std::string path = "/";
};

// One HTTP response from a handler. Plain data; thread-compatible. The server
// adds security headers, X-Request-Id and Cache-Control: no-store for every
// header the handler did not set itself (web/http/server.h).
struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // application/json; charset=utf-8. Invalid UTF-8 is replaced, never thrown.
  static HttpResponse Json(int status, const nlohmann::json& body);
  static HttpResponse Text(int status, std::string body,
                           std::string content_type = "text/plain; charset=utf-8");
  // 303 See Other: after a form POST the browser GETs `location`.
  static HttpResponse Redirect(std::string location);

  // Replaces every header of that name (case-insensitive).
  HttpResponse& SetHeader(std::string_view name, std::string value);
  // Adds a header, keeping others of that name (e.g. Set-Cookie).
  HttpResponse& AddHeader(std::string name, std::string value);
  // The first header of that name (case-insensitive), if any.
  std::optional<std::string_view> FindHeader(std::string_view name) const;
  // Adds a Set-Cookie header. REQUIRES: name is a cookie token and value has
  // no ';', ',', whitespace, '"' or control characters (use base64url).
  HttpResponse& SetCookie(std::string_view name, std::string_view value,
                          const CookieOptions& options = {});
};

// Handlers get the request and return the response; they may block (they run
// on a worker thread unless registered as inline, see web/http/router.h).
// A handler that throws gets a 500 with the request id; the text goes to the log.
using Handler = std::function<HttpResponse(const HttpRequest&)>;

// Percent-decodes `in`; with plus_as_space, '+' becomes ' ' (form encoding).
// Returns nullopt on a malformed escape ("%4", "%zz").
std::optional<std::string> PercentDecode(std::string_view in, bool plus_as_space);

// Splits "a=1&b=x%20y" into decoded pairs, in order; a malformed escape keeps
// the raw text. Stops after `max_fields` pairs.
std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view in,
                                                                 size_t max_fields = 1000);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace ams::web
