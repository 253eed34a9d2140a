#include "web/pages/pages.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "web/pages/assets.h"
#include "web/pages/static_files.h"

namespace ams::web::pages {

void AddPageRoutes(Router& router, const PageServices& services) {
  Result<i18n::Catalogue> catalogue =
      i18n::Catalogue::FromJson(FindAsset("i18n/id.json").value_or(""),
                                FindAsset("i18n/en.json").value_or(""));
  if (!catalogue.ok()) {
    std::fprintf(stderr, "ams: translation catalogue: %s\n", catalogue.status().ToString().c_str());
    std::abort();
  }
  CheckTemplates();
  auto env = std::make_shared<const PageEnv>(PageEnv{services, std::move(*catalogue)});
  AddAuthPages(router, env);
  AddEnrolPages(router, env);
  AddDashboardPages(router, env);
  AddAuditPages(router, env);
  AddStaticRoutes(router);
}

}  // namespace ams::web::pages
