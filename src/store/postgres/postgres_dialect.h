#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "store/store.h"

namespace ams::store {

// Connects `pool_size` sessions to the PostgreSQL database at `url`
// (a libpq connection URI).
// The libpq key=value form of a postgresql:// URL, for SOCI.
Result<std::string> PostgresConnectString(const std::string& url);

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, size_t pool_size);

}  // namespace ams::store
