// The second factor at an operator's or admin's first login: the secret to
// type into an authenticator app, a code to prove it works, and then the
// recovery codes, shown once.
#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

// "JBSWY3DPEHPK3PXP" -> "JBSW Y3DP EHPK 3PXP": easier to read and type.
std::string Grouped(const std::string& secret) {
  std::string out;
  for (size_t i = 0; i < secret.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += secret[i];
  }
  return out;
}

// The secret echoed back by the form, only to show it again after a wrong
// code (the service keeps its own copy; this one is never trusted).
bool IsBase32(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

std::string OtpauthUri(const std::string& email, const std::string& secret) {
  // The same shape auth::TotpUri produces: issuer AMS, SHA-1, 6 digits, 30 s.
  return "otpauth://totp/AMS:" + PercentEncode(email) + "?secret=" + secret +
         "&issuer=AMS&algorithm=SHA1&digits=6&period=30";
}

HttpResponse EnrolForm(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                       int status, const std::string& secret, const std::string& uri,
                       nlohmann::json view) {
  view["secret"] = secret;
  view["secret_grouped"] = Grouped(secret);
  view["otpauth_uri"] = uri;
  return Render(env, request, v, status, "enrol_totp", "enrol_title", std::move(view));
}

HttpResponse GetEnrol(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (!v->logged_in()) return HttpResponse::Redirect("/login");
  if (!v->partial()) return HttpResponse::Redirect("/dashboard");
  // Each visit starts afresh with a new secret: an abandoned one is useless.
  auto enrolment = env.services.accounts->StartTotpEnrolment(*v->actor);
  if (!enrolment.ok()) return ErrorPage(env, request, *v, enrolment.status());
  return EnrolForm(env, request, *v, 200, enrolment->secret_base32, enrolment->otpauth_uri,
                   nlohmann::json::object());
}

HttpResponse PostEnrol(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (!v->logged_in()) return HttpResponse::Redirect("/login");
  if (!v->partial()) return HttpResponse::Redirect("/dashboard");
  std::map<std::string, std::string> form = request.FormFields();
  std::string secret = IsBase32(form["secret"]) ? form["secret"] : "";
  Status refusal;
  if (!CsrfOk(*v, form)) {
    refusal = Status::PermissionDenied("csrf_token_invalid");
  } else {
    auto codes = env.services.accounts->ConfirmTotp(*v->actor, v->session_token, form["code"]);
    if (codes.ok()) {
      // Shown in this response only, never stored: a reload does not show them again.
      Visitor done = *v;
      done.session->second_factor_done = true;
      return Render(env, request, done, 200, "recovery_codes", "recovery_title",
                    {{"codes", *codes}});
    }
    refusal = codes.status();
  }
  if (secret.empty()) return ErrorPage(env, request, *v, refusal);
  nlohmann::json view = nlohmann::json::object();
  int status = AddError(env, request, *v, refusal, view);
  return EnrolForm(env, request, *v, status, secret, OtpauthUri(v->actor->email, secret),
                   std::move(view));
}

}  // namespace

void AddEnrolPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/enrol-totp", [env](const HttpRequest& r) { return GetEnrol(*env, r); });
  router.Add("POST", "/enrol-totp", [env](const HttpRequest& r) { return PostEnrol(*env, r); });
}

}  // namespace ams::web::pages
