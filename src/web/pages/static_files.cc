#include "web/pages/static_files.h"

#include <cstdint>
#include <cstdio>

#include "web/pages/assets.h"

namespace ams::web::pages {

namespace {

std::string ContentType(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  return "application/octet-stream";
}

// FNV-1a: stable across builds and runs, unlike std::hash. Not a security
// property, only a cache key.
std::string ShortHash(std::string_view data) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buf, 12);
}

HttpResponse Serve(const HttpRequest& request) {
  auto it = request.params.find("*");
  std::string_view name = it == request.params.end() ? std::string_view() : it->second;
  // The router hands over the decoded rest of the path (web/http/router.h):
  // refuse anything that could climb out of static/.
  if (name.empty() || name.find("..") != std::string_view::npos || name.front() == '/') {
    return HttpResponse::Text(404, "not found\n");
  }
  std::optional<std::string_view> content = FindAsset("static/" + std::string(name));
  if (!content) return HttpResponse::Text(404, "not found\n");
  HttpResponse r = HttpResponse::Text(200, std::string(*content), ContentType(name));
  r.SetHeader("Cache-Control", "public, max-age=31536000, immutable");
  return r;
}

}  // namespace

std::string StaticUrl(std::string_view name) {
  std::optional<std::string_view> content = FindAsset("static/" + std::string(name));
  return "/static/" + std::string(name) + "?v=" + ShortHash(content.value_or(""));
}

void AddStaticRoutes(Router& router) {
  router.Add("GET", "/static/*", Serve, Dispatch::kInline);
}

}  // namespace ams::web::pages
