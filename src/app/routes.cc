#include "app/routes.h"

#include <nlohmann/json.hpp>

#include "app/application.h"
#include "web/api/admin_api.h"
#include "web/api/auth_api.h"
#include "web/api/api_support.h"
#include "web/api/ca_api.h"
#include "web/api/documents_api.h"
#include "web/api/notifications_api.h"
#include "web/api/requests_api.h"
#include "web/pages/pages.h"

namespace ams::app {

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
  const bool secure = app.config().PublicUrl().rfind("https://", 0) == 0;
  web::pages::PageServices pages;
  pages.accounts = &app.accounts();
  pages.audit = &app.audit();
  pages.store = store;
  pages.random = &app.random();
  pages.secure_cookies = secure;
  pages.requests = &app.requests();
  pages.certificates = &app.certificates();
  pages.test_mail = &app.test_mail();
  for (const ca::CaCredential* c : {&app.ca().root(), &app.ca().issuing()}) {
    pages.ca_certificates.push_back({c->name, c->der});
  }
  const SmtpConfig& smtp = app.config().smtp;
  pages.smtp.configured = !smtp.host.empty();
  pages.smtp.host = smtp.host;
  pages.smtp.port = smtp.port;
  pages.smtp.tls = smtp.tls;
  pages.smtp.user = smtp.user;
  pages.smtp.password_set = !smtp.password_file.empty();
  pages.smtp.from_address = smtp.from_address;
  pages.smtp.from_name = smtp.from_name;
  pages.smtp.outbox_dir = app.config().OutboxDir();
  pages.documents = &app.documents();
  pages.notifications = &app.notifications();
  pages.ca = &app.ca();
  pages.clock = &app.clock();
  web::pages::AddPageRoutes(*router, pages);
  web::api::AddAuthRoutes(*router, app.accounts(), secure);
  web::api::AddAdminRoutes(*router, app.accounts(), app.audit());
  web::api::AddCaRoutes(*router, app.ca(), app.certificates(), app.accounts());
  web::api::AddDocumentRoutes(*router, app.documents(), app.forms(), app.accounts());
  web::api::AddNotificationRoutes(*router, app.accounts(), app.notifications());
  web::api::AddRequestRoutes(*router, app.requests(), app.accounts(), app.clock());
  return router;
}

}  // namespace ams::app
