#include "web/pages/pages.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "web/pages/assets.h"
#include "web/pages/static_files.h"

namespace ams::web::pages {

namespace {

// Whether the embedded file at `path` is a catalogue file of `lang`:
// i18n/<lang>.json or i18n/<area>.<lang>.json.
bool IsCatalogueOf(std::string_view path, std::string_view lang) {
  constexpr std::string_view kDir = "i18n/";
  if (!path.starts_with(kDir)) return false;
  std::string_view name = path.substr(kDir.size());
  const std::string whole = std::string(lang) + ".json";
  return name == whole || name.ends_with("." + whole);
}

std::vector<std::string_view> CatalogueFiles(std::string_view lang) {
  std::vector<std::string_view> parts;
  for (const EmbeddedAsset& asset : EmbeddedAssets()) {
    if (IsCatalogueOf(asset.path, lang)) parts.push_back(asset.content);
  }
  return parts;
}

}  // namespace

void AddPageRoutes(Router& router, const PageServices& services) {
  Result<i18n::Catalogue> catalogue =
      i18n::Catalogue::FromJsonParts(CatalogueFiles("id"), CatalogueFiles("en"));
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
