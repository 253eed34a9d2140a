#include "web/i18n/embedded_catalogue.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "web/pages/assets.h"

namespace ams::web::i18n {

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

Catalogue Load() {
  Result<Catalogue> catalogue = Catalogue::FromJsonParts(CatalogueFiles("id"), CatalogueFiles("en"));
  if (!catalogue.ok()) {
    std::fprintf(stderr, "ams: translation catalogue: %s\n", catalogue.status().ToString().c_str());
    std::abort();
  }
  return std::move(*catalogue);
}

}  // namespace

const Catalogue& EmbeddedCatalogue() {
  static const Catalogue catalogue = Load();
  return catalogue;
}

Lang RequestLang(const HttpRequest& request) {
  if (auto cookie = request.Cookie("lang")) {
    if (auto lang = ParseLang(*cookie)) return *lang;
  }
  std::string accept = request.Header("accept-language").value_or("");
  std::string_view first(accept);
  first = first.substr(0, first.find_first_of(",;"));
  while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
  if (first.size() >= 2 && (first[0] == 'e' || first[0] == 'E') && (first[1] == 'n' || first[1] == 'N') &&
      (first.size() == 2 || first[2] == '-')) {
    return Lang::kEn;
  }
  return Lang::kId;
}

}  // namespace ams::web::i18n
