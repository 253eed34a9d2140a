#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ams::identity {

// Validates a short free-text field such as agency, unit or position
// (jabatan): these are shown to operators and written into certificate
// subjects, so they must be printable and bounded. Stateless; thread-safe.
//
// Trims surrounding ASCII whitespace and returns the trimmed text. Requires
// well-formed UTF-8 and 1–`max_code_points` code points, with no control
// characters (C0, DEL, C1: no tab, no newline) and no invisible or
// bidirectional formatting characters (see IsInvisibleOrSpoofing).
// Returns kInvalidArgument "invalid_text" otherwise; the detail starts with
// `field` (e.g. "position: longer than 128 characters") so the caller can
// tell which input to highlight.
// Default: max_code_points = 128.
Result<std::string> ParseBoundedText(std::string_view field, std::string_view text,
                                     size_t max_code_points = 128);

}  // namespace ams::identity
