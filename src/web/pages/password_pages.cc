// Changing one's own password: the current one, the new one twice. A change
// ends every session of the account, this one too, so the next page is the
// login with a notice. And a forgotten password: an address, a mailed
// one-time link, a new password twice.
#include "base/secret.h"
#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

// Marks the input a refusal is about (view["invalid_current" / "_new" /
// "_confirm"]), for aria-invalid and the focus outline.
void MarkInvalidField(nlohmann::json& view) {
  if (!view.contains("error")) return;
  const std::string reason = view["error"]["reason"].get<std::string>();
  if (reason == "current_password_wrong" || reason == "login_throttled" ||
      reason == "account_locked") {
    view["invalid_current"] = true;
  } else if (reason == "password_mismatch") {
    view["invalid_confirm"] = true;
  } else if (reason.starts_with("password_")) {
    view["invalid_new"] = true;
  }
}

HttpResponse PasswordForm(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                          int status, nlohmann::json view) {
  MarkInvalidField(view);
  view["change_required"] = v.password_change_due();
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
  if (refusal.ok()) return RedirectSignedOut(env, request, "/login?notice=password_changed");
  // The form comes back empty: passwords are never echoed into a page.
  nlohmann::json view = nlohmann::json::object();
  int status = AddError(env, request, *v, refusal, view);
  return PasswordForm(env, request, *v, status, std::move(view));
}

// The mailed link's token, kept in a cookie for the new-password form: the
// link's URL, token and all, is answered with a redirect to one without it,
// so the token stays out of the address bar, the browser's history and any
// bookmark. Lax, not Strict: the link is followed from a mail program, and
// a Strict cookie set there would not come back with the redirect.
constexpr char kResetCookie[] = "ams_reset";
constexpr char kResetPath[] = "/password-reset";

HttpResponse WithResetCookie(const PageEnv& env, const HttpRequest& request, HttpResponse r,
                             const std::string& token) {
  CookieOptions cookie = PageCookie(env, request);
  cookie.same_site = "Lax";
  cookie.path = kResetPath;
  // Until the browser closes (the link's own hour is checked by the
  // service); cleared once the link is used or found dead.
  if (token.empty()) cookie.max_age_seconds = 0;
  r.SetCookie(kResetCookie, token, cookie);
  return r;
}

HttpResponse ForgotForm(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                        int status, nlohmann::json view) {
  if (!view.contains("email")) view["email"] = "";
  return Render(env, request, v, status, "password_forgot", "forgot_title", std::move(view));
}

HttpResponse NewPasswordForm(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                             int status, nlohmann::json view) {
  MarkInvalidField(view);
  return Render(env, request, v, status, "password_reset", "reset_title", std::move(view));
}

// GET /password-reset: the address to mail a link to. With ?token= (the
// link from the mail): a redirect to /password-reset/new, the token moved
// into a cookie.
HttpResponse GetForgot(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  const std::string token = request.Query("token").value_or("");
  if (!token.empty()) {
    if (token.size() > 200) return ErrorPage(env, request, *v, Status::NotFound("reset_link_invalid"));
    return WithResetCookie(env, request, HttpResponse::Redirect("/password-reset/new"), token);
  }
  return ForgotForm(env, request, *v, 200, nlohmann::json::object());
}

// GET /password-reset/new: the new password, twice, for the link followed.
HttpResponse GetNewPassword(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (request.Cookie(kResetCookie).value_or("").empty()) {
    return ErrorPage(env, request, *v, Status::NotFound("reset_link_invalid"));
  }
  return NewPasswordForm(env, request, *v, 200, nlohmann::json::object());
}

// POST /password-reset {email}: the same page afterwards whether or not the
// address has an account.
HttpResponse PostForgot(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  std::map<std::string, std::string> form = request.FormFields();
  nlohmann::json view = {{"email", form["email"].substr(0, 254)}};
  Status s = CsrfOk(*v, form) ? env.services.accounts->RequestPasswordReset(form["email"],
                                                                            request.remote_addr)
                              : Status::PermissionDenied("csrf_token_invalid");
  if (!s.ok()) {
    int status = AddError(env, request, *v, s, view);
    return ForgotForm(env, request, *v, status, std::move(view));
  }
  view["sent"] = true;
  return ForgotForm(env, request, *v, 200, std::move(view));
}

// POST /password-reset/new {new_password, new_password_confirm}, the token
// from the cookie.
HttpResponse PostNewPassword(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  std::map<std::string, std::string> form = request.FormFields();
  const std::string token = request.Cookie(kResetCookie).value_or("").substr(0, 200);
  Status s;
  if (!CsrfOk(*v, form)) {
    s = Status::PermissionDenied("csrf_token_invalid");
  } else if (form["new_password"] != form["new_password_confirm"]) {
    s = Status::Invalid("password_mismatch");
  } else {
    s = env.services.accounts->ResetPasswordWithLink(token, SecretString(form["new_password"]),
                                                     request.remote_addr);
  }
  if (s.ok()) {
    return WithResetCookie(env, request,
                           RedirectSignedOut(env, request, "/login?notice=password_changed"), "");
  }
  // A dead link has nothing left to try here: say so, with the way on.
  if (s.code() == Code::kNotFound) {
    return WithResetCookie(env, request, ErrorPage(env, request, *v, s), "");
  }
  nlohmann::json view = nlohmann::json::object();
  int status = AddError(env, request, *v, s, view);
  return NewPasswordForm(env, request, *v, status, std::move(view));
}

}  // namespace

void AddPasswordPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/password-reset", [env](const HttpRequest& r) { return GetForgot(*env, r); });
  router.Add("POST", "/password-reset", [env](const HttpRequest& r) { return PostForgot(*env, r); });
  router.Add("GET", "/password-reset/new",
             [env](const HttpRequest& r) { return GetNewPassword(*env, r); });
  router.Add("POST", "/password-reset/new",
             [env](const HttpRequest& r) { return PostNewPassword(*env, r); });
  router.Add("GET", "/account/password", [env](const HttpRequest& r) { return GetPassword(*env, r); });
  router.Add("POST", "/account/password",
             [env](const HttpRequest& r) { return PostPassword(*env, r); });
}

}  // namespace ams::web::pages
