// /api/v1/auth/*, /api/v1/me and /api/v1/tokens: accounts over HTTP.
#include "web/api/auth_api.h"

#include "web/api/api_support.h"

namespace ams::web::api {

namespace {

using nlohmann::json;

HttpResponse Register(auth::AccountService& accounts, const HttpRequest& req) {
  auto body = ParseJsonBody(req, {{"email", JsonType::kString, true, 254},
                                  {"password", JsonType::kString, true, 4096},
                                  {"full_name", JsonType::kString, true, 512}});
  if (!body.ok()) return Error(req, body.status());
  Result<int64_t> id = accounts.Register((*body)["email"], SecretString((*body)["password"]),
                                         (*body)["full_name"], req.remote_addr);
  if (!id.ok()) return Error(req, id.status());
  return HttpResponse::Json(201, {{"id", *id},
                                  {"message", "Periksa e-mail Anda untuk tautan verifikasi. / "
                                              "Check your e-mail for the verification link."}});
}

HttpResponse Verify(auth::AccountService& accounts, const HttpRequest& req) {
  auto body = ParseJsonBody(req, {{"token", JsonType::kString, true, 200}});
  if (!body.ok()) return Error(req, body.status());
  Status s = accounts.VerifyEmail((*body)["token"], req.remote_addr);
  if (!s.ok()) return Error(req, s);
  return HttpResponse::Json(200, {{"verified", true}});
}

HttpResponse Login(auth::AccountService& accounts, const HttpRequest& req, bool secure_cookie) {
  auto body = ParseJsonBody(req, {{"email", JsonType::kString, true, 254},
                                  {"password", JsonType::kString, true, 4096},
                                  {"totp", JsonType::kString, false, 32}});
  if (!body.ok()) return Error(req, body.status());
  Result<auth::LoginResult> login =
      accounts.Login((*body)["email"], SecretString((*body)["password"]),
                     body->value("totp", std::string()), req.remote_addr);
  if (!login.ok()) return Error(req, login.status());
  HttpResponse r = HttpResponse::Json(
      200, {{"account", AccountJson(login->account)},
            {"csrf_token", login->session.csrf_token},
            {"second_factor_enrolment_required", login->second_factor_enrolment_required},
            {"password_change_required", login->password_change_required},
            {"expires_at", FormatUtc(login->session.expires_at)}});
  CookieOptions cookie;
  cookie.secure = secure_cookie || req.IsTls();
  cookie.max_age_seconds =
      ToUnixSeconds(login->session.expires_at) - ToUnixSeconds(login->session.created_at);
  r.SetCookie(kSessionCookie, login->session_token, cookie);
  return r;
}

HttpResponse Logout(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req, auth::SessionAccepts::kAny);
  if (!actor.ok()) return Error(req, actor.status());
  if (std::string token = SessionToken(req); !token.empty()) {
    Status s = accounts.Logout(token, req.remote_addr);
    if (!s.ok()) return Error(req, s);
  }
  HttpResponse r = HttpResponse::Json(200, {{"logged_out", true}});
  CookieOptions cookie;
  cookie.max_age_seconds = 0;
  r.SetCookie(kSessionCookie, "", cookie);
  return r;
}

// From a signed-in session only: an API token (a script's) is no way to
// take over the account's password.
HttpResponse ChangePassword(auth::AccountService& accounts, const HttpRequest& req) {
  if (req.Header("authorization")) return Error(req, Status::PermissionDenied("session_required"));
  Result<auth::Actor> actor = Authenticate(accounts, req, auth::SessionAccepts::kPasswordChangeDue);
  if (!actor.ok()) return Error(req, actor.status());
  auto body = ParseJsonBody(req, {{"current_password", JsonType::kString, true, 4096},
                                  {"new_password", JsonType::kString, true, 4096}});
  if (!body.ok()) return Error(req, body.status());
  Status s = accounts.ChangePassword(*actor, SecretString((*body)["current_password"]),
                                     SecretString((*body)["new_password"]), req.remote_addr);
  if (!s.ok()) return Error(req, s);
  // Every session ended, this one too.
  HttpResponse r = HttpResponse::Json(
      200, {{"changed", true},
            {"message", "Kata sandi diubah; silakan masuk lagi. / "
                        "Password changed; please sign in again."}});
  CookieOptions cookie;
  cookie.max_age_seconds = 0;
  r.SetCookie(kSessionCookie, "", cookie);
  return r;
}

// "Forgot password": the same answer whether or not the address has an
// account.
HttpResponse RequestPasswordReset(auth::AccountService& accounts, const HttpRequest& req) {
  auto body = ParseJsonBody(req, {{"email", JsonType::kString, true, 254}});
  if (!body.ok()) return Error(req, body.status());
  Status s = accounts.RequestPasswordReset((*body)["email"], req.remote_addr);
  if (!s.ok()) return Error(req, s);
  return HttpResponse::Json(
      202, {{"message", "Bila alamat ini terdaftar, tautan untuk memilih kata sandi baru sedang "
                        "dikirim. / If this address has an account, a link to choose a new "
                        "password is on its way."}});
}

HttpResponse CompletePasswordReset(auth::AccountService& accounts, const HttpRequest& req) {
  auto body = ParseJsonBody(req, {{"token", JsonType::kString, true, 200},
                                  {"new_password", JsonType::kString, true, 4096}});
  if (!body.ok()) return Error(req, body.status());
  Status s = accounts.ResetPasswordWithLink((*body)["token"], SecretString((*body)["new_password"]),
                                            req.remote_addr);
  if (!s.ok()) return Error(req, s);
  return HttpResponse::Json(200, {{"changed", true}});
}

HttpResponse Me(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req, auth::SessionAccepts::kPasswordChangeDue);
  if (!actor.ok()) return Error(req, actor.status());
  Result<auth::Account> account = accounts.GetAccount(*actor, actor->account_id);
  if (!account.ok()) return Error(req, account.status());
  auto history = accounts.IdentityHistory(*actor, actor->account_id);
  if (!history.ok()) return Error(req, history.status());
  json out = {{"account", AccountJson(*account)}, {"agencies", actor->agencies}};
  out["identity"] = history->empty() ? json(nullptr) : IdentityJson(history->back());
  return HttpResponse::Json(200, out);
}

HttpResponse TotpEnrol(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req, auth::SessionAccepts::kAny);
  if (!actor.ok()) return Error(req, actor.status());
  auto enrolment = accounts.StartTotpEnrolment(*actor);
  if (!enrolment.ok()) return Error(req, enrolment.status());
  return HttpResponse::Json(200, {{"secret", enrolment->secret_base32},
                                  {"otpauth_uri", enrolment->otpauth_uri}});
}

HttpResponse TotpConfirm(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req, auth::SessionAccepts::kAny);
  if (!actor.ok()) return Error(req, actor.status());
  auto body = ParseJsonBody(req, {{"code", JsonType::kString, true, 16}});
  if (!body.ok()) return Error(req, body.status());
  auto codes = accounts.ConfirmTotp(*actor, SessionToken(req), (*body)["code"]);
  if (!codes.ok()) return Error(req, codes.status());
  return HttpResponse::Json(200, {{"enrolled", true}, {"recovery_codes", *codes}});
}

HttpResponse CreateToken(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto body = ParseJsonBody(req, {{"name", JsonType::kString, true, 100}});
  if (!body.ok()) return Error(req, body.status());
  auto token = accounts.CreateApiToken(*actor, (*body)["name"]);
  if (!token.ok()) return Error(req, token.status());
  return HttpResponse::Json(201, {{"id", token->token.id},
                                  {"name", token->token.name},
                                  {"token", token->plaintext}});
}

HttpResponse ListTokens(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto tokens = accounts.ListApiTokens(*actor);
  if (!tokens.ok()) return Error(req, tokens.status());
  json out = json::array();
  for (const auto& t : *tokens) {
    out.push_back({{"id", t.id}, {"name", t.name}, {"revoked", t.revoked},
                   {"created_at", FormatUtc(t.created_at)}});
  }
  return HttpResponse::Json(200, {{"tokens", out}});
}

HttpResponse RevokeToken(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> id = IntParam(req, "id");
  if (!id.ok()) return Error(req, id.status());
  Status s = accounts.RevokeApiToken(*actor, *id);
  if (!s.ok()) return Error(req, s);
  return HttpResponse::Json(200, {{"revoked", true}});
}

}  // namespace

void AddAuthRoutes(Router& router, auth::AccountService& accounts, bool secure_cookies) {
  auth::AccountService* a = &accounts;
  router.Add("POST", "/api/v1/auth/register", [a](const HttpRequest& r) { return Register(*a, r); });
  router.Add("POST", "/api/v1/auth/verify", [a](const HttpRequest& r) { return Verify(*a, r); });
  router.Add("POST", "/api/v1/auth/login",
             [a, secure_cookies](const HttpRequest& r) { return Login(*a, r, secure_cookies); });
  router.Add("POST", "/api/v1/auth/logout", [a](const HttpRequest& r) { return Logout(*a, r); });
  router.Add("POST", "/api/v1/auth/totp/enrol", [a](const HttpRequest& r) { return TotpEnrol(*a, r); });
  router.Add("POST", "/api/v1/auth/totp/confirm",
             [a](const HttpRequest& r) { return TotpConfirm(*a, r); });
  router.Add("POST", "/api/v1/auth/password",
             [a](const HttpRequest& r) { return ChangePassword(*a, r); });
  router.Add("POST", "/api/v1/auth/password-reset",
             [a](const HttpRequest& r) { return RequestPasswordReset(*a, r); });
  router.Add("POST", "/api/v1/auth/password-reset/complete",
             [a](const HttpRequest& r) { return CompletePasswordReset(*a, r); });
  router.Add("GET", "/api/v1/me", [a](const HttpRequest& r) { return Me(*a, r); });
  router.Add("POST", "/api/v1/tokens", [a](const HttpRequest& r) { return CreateToken(*a, r); });
  router.Add("GET", "/api/v1/tokens", [a](const HttpRequest& r) { return ListTokens(*a, r); });
  router.Add("DELETE", "/api/v1/tokens/:id", [a](const HttpRequest& r) { return RevokeToken(*a, r); });
}

}  // namespace ams::web::api
