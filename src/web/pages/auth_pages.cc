// Login, logout, self-registration, the e-mail verification link, the
// language switch and the front door.
#include "base/secret.h"
#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

constexpr char kSessionCookie[] = "ams_session";

// Notices a redirect may ask a page to show (?notice=...): only these keys,
// never text from the URL.
nlohmann::json Notice(const PageEnv& env, const Visitor& v, const HttpRequest& request) {
  std::string notice = request.Query("notice").value_or("");
  if (notice == "logged_out" || notice == "session_ended" || notice == "password_changed") {
    return env.catalogue.Text(v.lang, "notice_" + notice);
  }
  return nullptr;
}

// Which input a refusal is about, for aria-invalid and the focus outline.
std::string FieldOf(const std::string& reason) {
  if (reason == "invalid_email" || reason == "email_taken" || reason == "email_not_verified") {
    return "email";
  }
  if (reason.starts_with("password_") || reason == "login_failed") return "password";
  if (reason == "invalid_name") return "full_name";
  if (reason.starts_with("totp_") || reason == "second_factor_required" ||
      reason == "invalid_recovery_code") {
    return "totp";
  }
  return "";
}

HttpResponse LoginForm(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                       int status, nlohmann::json view) {
  if (!view.contains("next")) view["next"] = LocalPath(request.Query("next").value_or("/dashboard"));
  if (!view.contains("email")) view["email"] = "";
  if (view.contains("error")) view["invalid_" + FieldOf(view["error"]["reason"].get<std::string>())] = true;
  view["notice"] = Notice(env, v, request);
  return Render(env, request, v, status, "login", "login_title", std::move(view));
}

HttpResponse GetLogin(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (v->logged_in()) return HttpResponse::Redirect(v->partial() ? "/enrol-totp" : "/dashboard");
  return LoginForm(env, request, *v, 200, nlohmann::json::object());
}

HttpResponse PostLogin(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  std::map<std::string, std::string> form = request.FormFields();
  nlohmann::json view = {{"email", form["email"].substr(0, 254)},
                         {"next", LocalPath(form["next"])}};
  if (!CsrfOk(*v, form)) {
    int status = AddError(env, request, *v, Status::PermissionDenied("csrf_token_invalid"), view);
    return LoginForm(env, request, *v, status, std::move(view));
  }
  Result<auth::LoginResult> login =
      env.services.accounts->Login(form["email"], SecretString(form["password"]),
                                   form["totp"], request.remote_addr);
  if (!login.ok()) {
    int status = AddError(env, request, *v, login.status(), view);
    return LoginForm(env, request, *v, status, std::move(view));
  }
  std::string next = LocalPath(form["next"]);
  if (next == "/" || next.starts_with("/login")) next = "/dashboard";
  if (login->second_factor_enrolment_required) next = "/enrol-totp";
  else if (login->password_change_required) next = "/account/password";
  HttpResponse r = HttpResponse::Redirect(next);
  CookieOptions cookie = PageCookie(env, request);
  cookie.max_age_seconds =
      ToUnixSeconds(login->session.expires_at) - ToUnixSeconds(login->session.created_at);
  r.SetCookie(kSessionCookie, login->session_token, cookie);
  return r;
}

HttpResponse PostLogout(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (!v->logged_in()) return HttpResponse::Redirect("/login");
  if (!CsrfOk(*v, request.FormFields())) {
    return ErrorPage(env, request, *v, Status::PermissionDenied("csrf_token_invalid"));
  }
  Status s = env.services.accounts->Logout(v->session_token, request.remote_addr);
  if (!s.ok()) return ErrorPage(env, request, *v, s);
  return RedirectSignedOut(env, request, "/login?notice=logged_out");
}

HttpResponse RegisterForm(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                          int status, nlohmann::json view) {
  if (!view.contains("email")) view["email"] = "";
  if (!view.contains("full_name")) view["full_name"] = "";
  if (view.contains("error")) view["invalid_" + FieldOf(view["error"]["reason"].get<std::string>())] = true;
  return Render(env, request, v, status, "register", "register_title", std::move(view));
}

HttpResponse GetRegister(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (v->logged_in()) return HttpResponse::Redirect("/dashboard");
  return RegisterForm(env, request, *v, 200, nlohmann::json::object());
}

HttpResponse PostRegister(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  std::map<std::string, std::string> form = request.FormFields();
  nlohmann::json view = {{"email", form["email"].substr(0, 254)},
                         {"full_name", form["full_name"].substr(0, 512)}};
  if (!CsrfOk(*v, form)) {
    int status = AddError(env, request, *v, Status::PermissionDenied("csrf_token_invalid"), view);
    return RegisterForm(env, request, *v, status, std::move(view));
  }
  Result<int64_t> id = env.services.accounts->Register(
      form["email"], SecretString(form["password"]), form["full_name"], request.remote_addr);
  if (!id.ok()) {
    int status = AddError(env, request, *v, id.status(), view);
    return RegisterForm(env, request, *v, status, std::move(view));
  }
  return HttpResponse::Redirect("/register/sent");
}

HttpResponse GetRegisterSent(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  return Render(env, request, *v, 200, "register_sent", "register_sent_title");
}

// GET follows the link straight from the mail, as the e2e suite expects:
// 200 once, 404 for a used, expired or unknown token.
HttpResponse GetVerify(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  Status s = env.services.accounts->VerifyEmail(request.Query("token").value_or(""),
                                                request.remote_addr);
  if (!s.ok() && s.code() != Code::kNotFound) return ErrorPage(env, request, *v, s);
  nlohmann::json view = {{"verified", s.ok()}};
  return Render(env, request, *v, s.ok() ? 200 : 404, "verify",
                s.ok() ? "verify_ok_title" : "verify_bad_title", std::move(view));
}

// GET /lang?to=en&back=/path: a plain link, so it works without JavaScript
// and needs no form. It changes only the visitor's own language cookie.
HttpResponse GetLang(const PageEnv& env, const HttpRequest& request) {
  std::optional<i18n::Lang> lang = i18n::ParseLang(request.Query("to").value_or(""));
  HttpResponse r = HttpResponse::Redirect(LocalPath(request.Query("back").value_or("/")));
  if (lang) {
    CookieOptions cookie = PageCookie(env, request);
    cookie.max_age_seconds = 365 * 24 * 3600;
    cookie.same_site = "Lax";
    r.SetCookie(kLangCookie, i18n::Code(*lang), cookie);
  }
  return r;
}

HttpResponse GetRoot(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (!v->logged_in()) return HttpResponse::Redirect("/login");
  return HttpResponse::Redirect(v->partial() ? "/enrol-totp" : "/dashboard");
}

}  // namespace

void AddAuthPages(Router& router, const EnvPtr& env) {
  auto bind = [env](HttpResponse (*f)(const PageEnv&, const HttpRequest&)) {
    return [env, f](const HttpRequest& r) { return f(*env, r); };
  };
  router.Add("GET", "/", bind(GetRoot));
  router.Add("GET", "/login", bind(GetLogin));
  router.Add("POST", "/login", bind(PostLogin));
  router.Add("POST", "/logout", bind(PostLogout));
  router.Add("GET", "/register", bind(GetRegister));
  router.Add("POST", "/register", bind(PostRegister));
  router.Add("GET", "/register/sent", bind(GetRegisterSent));
  router.Add("GET", "/verify", bind(GetVerify));
  router.Add("GET", "/lang", bind(GetLang));
}

}  // namespace ams::web::pages
