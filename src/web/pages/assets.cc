#include "web/pages/assets.h"

namespace ams::web {

std::optional<std::string_view> FindAsset(std::string_view path) {
  // A few dozen files: a linear scan costs less than building an index.
  for (const EmbeddedAsset& a : EmbeddedAssets()) {
    if (a.path == path) return a.content;
  }
  return std::nullopt;
}

}  // namespace ams::web
