#pragma once

#include <cstdint>
#include <optional>
#include <vector>

// The audit log's CSV export comes in parts (windows of sequence numbers,
// newest first) so that no download holds the whole log; the page lists the
// parts a page at a time, so that every record stays reachable however long
// the log grows. Pure arithmetic, no I/O.
namespace ams::web::pages {

struct ExportPart {
  int64_t number = 0;  // 1 = the newest part
  int64_t first = 0;   // lowest sequence number in it
  int64_t last = 0;    // highest
  int64_t before = 0;  // the export's ?before= (last + 1)
};

struct ExportPartsPage {
  std::vector<ExportPart> parts;
  std::optional<int64_t> newer_from;  // ?parts= of the newer page, if any
  std::optional<int64_t> older_from;  // ?parts= of the older page, if any
};

// The parts of a log whose newest record is `newest` (records 1..newest),
// `part_size` numbers each, listing `per_page` parts from index `from`
// (0 = the newest). A `from` past the end lists the oldest page.
// REQUIRES: part_size > 0, per_page > 0.
ExportPartsPage ListExportParts(int64_t newest, int64_t part_size, int64_t per_page, int64_t from);

}  // namespace ams::web::pages
