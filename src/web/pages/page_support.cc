#include "web/pages/page_support.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "auth/tokens.h"
#include "web/error_response.h"

namespace ams::web::pages {

namespace {

// A form cookie we minted: 32 random bytes in base64url.
bool LooksLikeToken(const std::string& v) {
  if (v.size() < 32 || v.size() > 64) return false;
  for (char c : v) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// LoginThrottle's detail is "retry after N s" (auth/login_throttle.cc).
// TODO(pages): a structured retry_after on the Status would be sturdier.
int64_t RetryAfterSeconds(const std::string& detail) {
  size_t digits = detail.find_first_of("0123456789");
  if (digits == std::string::npos) return 0;
  return std::strtoll(detail.c_str() + digits, nullptr, 10);
}

}  // namespace

Result<Visitor> Identify(const PageEnv& env, const HttpRequest& request) {
  Visitor v;
  if (auto lang = request.Cookie(kLangCookie)) v.lang = i18n::ParseLang(*lang).value_or(i18n::kDefaultLang);
  std::string token = request.Cookie("ams_session").value_or("");
  if (!token.empty()) {
    auto found = env.services.accounts->AuthenticateSession(token, auth::SessionAccepts::kAny);
    if (found.ok()) {
      found->first.remote_addr = request.remote_addr;
      v.actor = std::move(found->first);
      v.session = std::move(found->second);
      v.session_token = token;
      v.csrf_token = v.session->csrf_token;
      return v;
    }
    if (found.status().code() != Code::kUnauthenticated) return found.status();
    v.session_ended = true;
  }
  std::string form_cookie = request.Cookie(kFormCookie).value_or("");
  if (LooksLikeToken(form_cookie)) {
    v.csrf_token = form_cookie;
  } else {
    v.csrf_token = env.services.random->Token(32);
    v.new_form_cookie = true;
  }
  return v;
}

bool CsrfOk(const Visitor& visitor, const std::map<std::string, std::string>& form) {
  auto it = form.find(kCsrfField);
  // A freshly minted token was never sent to the browser: nothing can match it.
  if (it == form.end() || visitor.csrf_token.empty() || visitor.new_form_cookie) return false;
  return auth::ConstantTimeEquals(it->second, visitor.csrf_token);
}

std::string LocalPath(std::string_view path) {
  if (path.empty() || path.size() > 1024 || path[0] != '/') return "/";
  if (path.size() > 1 && (path[1] == '/' || path[1] == '\\')) return "/";
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') return "/";
  }
  return std::string(path);
}

int AddError(const PageEnv& env, const HttpRequest& request, const Visitor& visitor,
             const Status& status, nlohmann::json& view) {
  std::map<std::string, std::string> args = {{"request_id", request.request_id}};
  std::string reason = status.reason();
  if (status.code() == Code::kInternal || status.code() == Code::kOk) {
    spdlog::error("request {}: internal error: {}", request.request_id, status.ToString());
    reason = "unknown";
  } else if (status.code() == Code::kUnavailable) {
    spdlog::warn("request {}: unavailable: {}", request.request_id, status.ToString());
    reason = "database_unavailable";
  }
  if (status.code() == Code::kTooManyRequests) {
    int64_t seconds = RetryAfterSeconds(status.detail());
    args["seconds"] = std::to_string(seconds);
    args["minutes"] = std::to_string((seconds + 59) / 60);
  }
  i18n::ReasonText text = env.catalogue.Reason(visitor.lang, reason, args);
  view["error"] = {{"message", text.message}, {"hint", text.hint}, {"reason", reason}};
  return status.code() == Code::kOk ? 500 : HttpStatusFor(status.code());
}

HttpResponse ErrorPage(const PageEnv& env, const HttpRequest& request, const Visitor& visitor,
                       const Status& status) {
  nlohmann::json view = nlohmann::json::object();
  int code = AddError(env, request, visitor, status, view);
  return Render(env, request, visitor, code, "error", "error_title", std::move(view));
}

std::optional<HttpResponse> RequireFullSession(const HttpRequest& request, const Visitor& visitor) {
  if (!visitor.logged_in()) {
    std::string next = request.path;
    if (!request.raw_query.empty()) next += "?" + request.raw_query;
    return HttpResponse::Redirect(std::string("/login?") +
                                  (visitor.session_ended ? "notice=session_ended&" : "") +
                                  "next=" + PercentEncode(LocalPath(next)));
  }
  if (visitor.partial()) return HttpResponse::Redirect("/enrol-totp");
  if (visitor.password_change_due()) return HttpResponse::Redirect("/account/password");
  return std::nullopt;
}

CookieOptions PageCookie(const PageEnv& env, const HttpRequest& request) {
  CookieOptions cookie;
  cookie.secure = env.services.secure_cookies || request.IsTls();
  return cookie;
}

HttpResponse RedirectSignedOut(const PageEnv& env, const HttpRequest& request,
                               const std::string& where) {
  HttpResponse r = HttpResponse::Redirect(where);
  CookieOptions cookie = PageCookie(env, request);
  cookie.max_age_seconds = 0;
  r.SetCookie("ams_session", "", cookie);
  return r;
}

std::string RoleLabel(const PageEnv& env, i18n::Lang lang, auth::Role role) {
  return env.catalogue.Text(lang, std::string("role_") + auth::ToString(role));
}

}  // namespace ams::web::pages
