// Changing one's own password: the current one, the new one twice. A change
// ends every session of the account, this one too, so the next page is the
// login with a notice.
#include "base/secret.h"
#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

constexpr char kSessionCookie[] = "ams_session";

// Which input a refusal is about, for aria-invalid and the focus outline.
std::string FieldOf(const std::string& reason) {
  if (reason == "current_password_wrong" || reason == "login_throttled" ||
      reason == "account_locked") {
    return "current";
  }
  if (reason == "password_mismatch") return "confirm";
  if (reason.starts_with("password_")) return "new";
  return "";
}

HttpResponse PasswordForm(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                          int status, nlohmann::json view) {
  if (view.contains("error")) {
    const std::string field = FieldOf(view["error"]["reason"].get<std::string>());
    if (!field.empty()) view["invalid_" + field] = true;
  }
  return Render(env, request, v, status, "password_change", "password_title", std::move(view));
}

HttpResponse GetPassword(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (!v->logged_in()) return HttpResponse::Redirect("/login?next=/account/password");
  if (v->partial()) return HttpResponse::Redirect("/enrol-totp");
  return PasswordForm(env, request, *v, 200, nlohmann::json::object());
}

HttpResponse PostPassword(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (!v->logged_in()) return HttpResponse::Redirect("/login?next=/account/password");
  if (v->partial()) return HttpResponse::Redirect("/enrol-totp");
  std::map<std::string, std::string> form = request.FormFields();
  Status refusal;
  if (!CsrfOk(*v, form)) {
    refusal = Status::PermissionDenied("csrf_token_invalid");
  } else if (form["new_password"] != form["new_password_confirm"]) {
    refusal = Status::Invalid("password_mismatch");
  } else {
    refusal = env.services.accounts->ChangePassword(
        *v->actor, SecretString(form["current_password"]), SecretString(form["new_password"]),
        request.remote_addr);
  }
  if (refusal.ok()) {
    HttpResponse r = HttpResponse::Redirect("/login?notice=password_changed");
    CookieOptions cookie;
    cookie.max_age_seconds = 0;
    cookie.secure = env.services.secure_cookies || request.IsTls();
    r.SetCookie(kSessionCookie, "", cookie);
    return r;
  }
  // The form comes back empty: passwords are never echoed into a page.
  nlohmann::json view = nlohmann::json::object();
  int status = AddError(env, request, *v, refusal, view);
  return PasswordForm(env, request, *v, status, std::move(view));
}

}  // namespace

void AddPasswordPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/account/password", [env](const HttpRequest& r) { return GetPassword(*env, r); });
  router.Add("POST", "/account/password",
             [env](const HttpRequest& r) { return PostPassword(*env, r); });
}

}  // namespace ams::web::pages
