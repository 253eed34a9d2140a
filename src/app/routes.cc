#include "app/routes.h"

#include <nlohmann/json.hpp>

#include "app/application.h"
#include "web/api/admin_api.h"
#include "web/api/auth_api.h"
#include "web/api/api_support.h"

namespace ams::app {

namespace {

// The page the verification link in the registration mail opens.
web::HttpResponse VerifyPage(auth::AccountService& accounts, const web::HttpRequest& req) {
  std::string token = req.Query("token").value_or("");
  Status s = accounts.VerifyEmail(token, req.remote_addr);
  std::string title = s.ok() ? "E-mail terverifikasi / E-mail verified"
                             : "Tautan tidak berlaku / Link not valid";
  std::string text = s.ok() ? "Alamat e-mail Anda telah diverifikasi. Silakan masuk. / Your "
                              "address is verified. You can now log in."
                            : "Tautan ini tidak berlaku atau sudah dipakai. Daftar ulang atau "
                              "hubungi operator. / This link is not valid or was used already.";
  std::string html = "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>" +
                     title + "</title></head><body><h1>" + title + "</h1><p>" + text +
                     "</p><p><a href=\"/\">AMS</a></p></body></html>";
  return web::HttpResponse::Text(s.ok() ? 200 : 404, html, "text/html; charset=utf-8");
}

}  // namespace

std::shared_ptr<const web::Router> BuildRouter(Application& app) {
  auto router = std::make_shared<web::Router>();
  router->Add("GET", "/healthz",
              [](const web::HttpRequest&) { return web::HttpResponse::Json(200, {{"status", "ok"}}); },
              web::Dispatch::kInline);
  store::Store* store = &app.store();
  router->Add("GET", "/readyz", [store](const web::HttpRequest&) {
    bool ok = store->Ping();
    return web::HttpResponse::Json(ok ? 200 : 503, {{"status", ok ? "ready" : "database_unavailable"},
                                                    {"engine", store->EngineName()}});
  });
  auth::AccountService* accounts = &app.accounts();
  router->Add("GET", "/verify",
              [accounts](const web::HttpRequest& r) { return VerifyPage(*accounts, r); });
  const bool secure = app.config().PublicUrl().rfind("https://", 0) == 0;
  web::api::AddAuthRoutes(*router, app.accounts(), secure);
  web::api::AddAdminRoutes(*router, app.accounts(), app.audit());
  return router;
}

}  // namespace ams::app
