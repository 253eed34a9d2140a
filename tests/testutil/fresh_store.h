#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace ams::testutil {

enum class Engine { kSqlite, kPostgres };
std::string EngineName(Engine e);

// A fresh, migrated database of the engine: a new SQLite file in a temporary
// folder, or a new database in the PostgreSQL cluster named by
// AMS_TEST_PG_URL (which `make test` starts). `url_out` receives the URL.
// Returns nullptr (and the test should GTEST_SKIP) only when AMS_TEST_PG_URL
// is unset for kPostgres, which `make test` never allows.
std::unique_ptr<store::Store> OpenFreshStore(Engine engine, std::string* url_out = nullptr);

// A new empty folder under /tmp.
std::string MakeTempDir();

}  // namespace ams::testutil
