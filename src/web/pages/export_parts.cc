#include "web/pages/export_parts.h"

#include <algorithm>

namespace ams::web::pages {

ExportPartsPage ListExportParts(int64_t newest, int64_t part_size, int64_t per_page, int64_t from) {
  ExportPartsPage page;
  if (newest <= 0) return page;
  const int64_t total = (newest + part_size - 1) / part_size;
  // Snap to a page boundary, and to the last page when past the end.
  from = std::clamp<int64_t>(from, 0, total - 1);
  from -= from % per_page;
  for (int64_t p = from; p < std::min(total, from + per_page); ++p) {
    const int64_t before = newest + 1 - p * part_size;
    page.parts.push_back({p + 1, std::max<int64_t>(1, before - part_size), before - 1, before});
  }
  if (from > 0) page.newer_from = from - per_page;
  if (from + per_page < total) page.older_from = from + per_page;
  return page;
}

}  // namespace ams::web::pages
