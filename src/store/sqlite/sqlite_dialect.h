#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "store/store.h"

namespace ams::store {

// Opens (creating if needed) the SQLite database at `path`: WAL, foreign
// keys on, a busy timeout, full fsync on commit.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, size_t pool_size);

}  // namespace ams::store
