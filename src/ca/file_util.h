#pragma once

// File helpers for the CA folder (certificates and encrypted keys). Free
// functions, thread-safe; concurrent writers to one path are not (the CA
// folder has one writer: setup).

#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"

namespace ams::ca {

// The whole file. kNotFound `not_found_reason` if it does not exist,
// kInternal on other I/O errors. Files over `max_bytes` are kInternal.
Result<std::string> ReadFile(const std::filesystem::path& path, std::string_view not_found_reason,
                             size_t max_bytes = 16 << 20);

// Writes `data` to a temporary file in the same folder, fsyncs, sets `mode`,
// and renames it into place, so readers see the old or the new file, never
// half of one. kConflict "ca_file_exists" when `path` exists and
// `overwrite` is false.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view data, unsigned mode,
                       bool overwrite);

}  // namespace ams::ca
