#include "web/pages/pages.h"

#include <memory>

#include "web/i18n/embedded_catalogue.h"
#include "web/pages/static_files.h"

namespace ams::web::pages {

void AddPageRoutes(Router& router, const PageServices& services) {
  CheckTemplates();
  auto env = std::make_shared<const PageEnv>(PageEnv{services, i18n::EmbeddedCatalogue()});
  AddAuthPages(router, env);
  AddEnrolPages(router, env);
  AddPasswordPages(router, env);
  AddDashboardPages(router, env);
  AddAuditPages(router, env);
  AddApplicantPages(router, env);
  AddRequestFormPages(router, env);
  AddRequestPages(router, env);
  AddCertificatePages(router, env);
  AddQueuePages(router, env);
  AddApplicantRecordPages(router, env);
  AddAdminAccountPages(router, env);
  AddAdminSettingsPages(router, env);
  AddReportPages(router, env);
  AddStaticRoutes(router);
  AddRefusalPages(router, env);
}

}  // namespace ams::web::pages
