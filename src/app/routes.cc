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
  web::pages::PageServices pages{&app.accounts(), &app.audit(), store, &app.random(), secure};
  pages.requests = &app.requests();
  pages.certificates = &app.certificates();
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
