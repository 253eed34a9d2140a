#include "web/http/http_types.h"

#include <nlohmann/json.hpp>

namespace ams::web {
namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Lenient decoding for query strings and forms: a malformed escape is kept as
// typed rather than failing the whole request.
std::string DecodeLenient(std::string_view in) {
  std::optional<std::string> decoded = PercentDecode(in, /*plus_as_space=*/true);
  if (decoded) return *std::move(decoded);
  std::string raw(in);
  for (char& c : raw) {
    if (c == '+') c = ' ';
  }
  return raw;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::optional<std::string> PercentDecode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;  // needs two hex digits
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view in,
                                                                 size_t max_fields) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!in.empty() && out.size() < max_fields) {
    const size_t amp = in.find('&');
    std::string_view pair = in.substr(0, amp);
    in = amp == std::string_view::npos ? std::string_view() : in.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    out.emplace_back(DecodeLenient(key), DecodeLenient(value));
  }
  return out;
}

std::optional<std::string> HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

std::optional<std::string> HttpRequest::Cookie(std::string_view name) const {
  // RFC 6265 §5.4: "name=value" pairs separated by "; ". Browsers send one
  // Cookie header; HTTP/2 proxies may split it, so look at all of them.
  for (const auto& [key, header] : headers) {
    if (key != "cookie") continue;
    std::string_view rest = header;
    while (!rest.empty()) {
      const size_t semi = rest.find(';');
      std::string_view pair = TrimSpaces(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (TrimSpaces(pair.substr(0, eq)) != name) continue;
      std::string_view value = TrimSpaces(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return std::nullopt;
}

std::optional<std::string> HttpRequest::Query(std::string_view name) const {
  std::string_view rest = raw_query;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    // Cheap pre-check before decoding: most keys are plain ASCII.
    const bool plain = key.find_first_of("%+") == std::string_view::npos;
    if (plain ? key != name : DecodeLenient(key) != name) continue;
    if (eq == std::string_view::npos) return std::string();
    return DecodeLenient(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::map<std::string, std::string> HttpRequest::FormFields() const {
  std::map<std::string, std::string> fields;
  std::optional<std::string> type = Header("content-type");
  if (type) {
    std::string_view media = TrimSpaces(std::string_view(*type).substr(0, type->find(';')));
    if (!EqualsIgnoreCase(media, "application/x-www-form-urlencoded")) return fields;
  }
  for (auto& [key, value] : ParseUrlEncoded(body)) fields.emplace(std::move(key), std::move(value));
  return fields;
}

HttpResponse HttpResponse::Json(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  return r;
}

HttpResponse HttpResponse::Text(int status, std::string body, std::string content_type) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

HttpResponse HttpResponse::Redirect(std::string location) {
  HttpResponse r;
  r.status = 303;
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

HttpResponse& HttpResponse::SetHeader(std::string_view name, std::string value) {
  std::erase_if(headers, [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
  headers.emplace_back(std::string(name), std::move(value));
  return *this;
}

HttpResponse& HttpResponse::AddHeader(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::optional<std::string_view> HttpResponse::FindHeader(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

HttpResponse& HttpResponse::SetCookie(std::string_view name, std::string_view value,
                                      const CookieOptions& options) {
  std::string cookie;
  cookie.reserve(name.size() + value.size() + 64);
  cookie.append(name).append("=").append(value);
  cookie.append("; Path=").append(options.path);
  if (options.max_age_seconds) cookie.append("; Max-Age=").append(std::to_string(*options.max_age_seconds));
  if (options.secure) cookie.append("; Secure");
  if (options.http_only) cookie.append("; HttpOnly");
  if (!options.same_site.empty()) cookie.append("; SameSite=").append(options.same_site);
  headers.emplace_back("Set-Cookie", std::move(cookie));
  return *this;
}

}  // namespace ams::web
