// The server's own refusals of a page request (web/http/server.cc answers
// 404, 405 and 413 before any handler runs) as an HTML page in the visitor's
// language, with a way back, instead of the API's JSON error. A person who
// types a wrong address, or picks a file over the upload limit, reads what
// happened and what to do next.
#include <string>

#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

// The page to go back to after a refused POST (an upload too large): the
// same path if it has a page (GET /certificates/new), else its parent
// (POST /requests/new/data_change/documents -> GET /requests/new/data_change).
// The Referer would say it directly, but the pages send Referrer-Policy:
// no-referrer. Empty for other methods and when neither has a page.
std::string BackPath(const Router& router, const HttpRequest& request) {
  if (request.method != "POST" || !request.path.starts_with('/')) return "";
  std::string path = request.path;
  for (int i = 0; i < 2 && path.size() > 1; ++i) {
    if (router.Match("GET", path).kind == RouteMatch::Kind::kFound) return LocalPath(path);
    path = path.substr(0, path.rfind('/'));
  }
  return "";
}

// Runs on the I/O thread, before the body is read: no session lookup (that
// is a database read), only the language cookie; the page therefore shows
// no navigation, only its own links (back, home).
std::optional<HttpResponse> RefusalPage(const PageEnv& env, const Router& router, const HttpRequest& request,
                                        int status, std::string_view reason) {
  Visitor v;
  v.unidentified = true;
  if (auto lang = request.Cookie(kLangCookie)) v.lang = i18n::ParseLang(*lang).value_or(i18n::kDefaultLang);
  std::string key;
  if (reason == "not_found") {
    key = "page_not_found";
  } else if (reason == "method_not_allowed") {
    key = "page_method_not_allowed";
  } else if (reason == "request_too_large") {
    key = "upload_too_large";
  } else {
    return std::nullopt;
  }
  i18n::ReasonText text = env.catalogue.Reason(v.lang, key, {{"request_id", request.request_id}});
  nlohmann::json view = {{"error", {{"message", text.message}, {"hint", text.hint}, {"reason", key}}}};
  std::string back = BackPath(router, request);
  if (back.empty()) return Render(env, request, v, status, "error", "error_title", std::move(view));
  view["back_href"] = back;
  // The language switch returns to the form, not to the refused POST's path
  // (which has no page: a 405 in the other language).
  HttpRequest shown;
  shown.method = "GET";
  shown.path = back;
  shown.headers = request.headers;
  shown.request_id = request.request_id;
  shown.remote_addr = request.remote_addr;
  shown.tls = request.tls;
  return Render(env, shown, v, status, "error", "error_title", std::move(view));
}

}  // namespace

void AddRefusalPages(Router& router, const EnvPtr& env) {
  router.SetTransportErrorPage(
      [env](const Router& self, const HttpRequest& request, int status, std::string_view reason) {
        return RefusalPage(*env, self, request, status, reason);
      });
}

}  // namespace ams::web::pages
