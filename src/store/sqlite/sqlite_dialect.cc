#include "store/sqlite/sqlite_dialect.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include "store/soci/soci_store.h"
#include "store/soci/soci_util.h"

namespace ams::store {

namespace {

class SqliteDialect final : public Dialect {
 public:
  const char* name() const override { return "sqlite"; }
  const char* BeginWrite() const override { return "BEGIN IMMEDIATE"; }
  const char* BeginRead() const override { return "BEGIN"; }
  const char* ForUpdate() const override { return ""; }
  const char* ForUpdateSkipLocked() const override { return ""; }
  std::string LowerAscii(const std::string& expr) const override {
    return "LOWER(" + expr + ")";
  }
  void ExecScript(soci::session& sql, const std::string& script) const override {
    // SOCI prepares one statement at a time; a migration has many.
    auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
    char* error = nullptr;
    if (sqlite3_exec(backend->conn_, script.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite_api::sqlite3_free(error);
      throw soci::soci_error("migration failed: " + message);
    }
  }
  void LockForMigration(soci::session&) const override {}  // BEGIN IMMEDIATE holds the lock
  long long InsertReturningId(soci::session& sql, StatementCache& st, const std::string& insert,
                              const std::vector<SqlParam>& params) const override {
    st.Exec(insert, params);
    auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
    return sqlite_api::sqlite3_last_insert_rowid(backend->conn_);
  }
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, size_t pool_size) {
  // One more session than asked: the store keeps it for writing (SociStore,
  // one_writer), and the others read.
  pool_size += 1;
  auto pool = std::make_unique<soci::connection_pool>(pool_size);
  try {
    for (size_t i = 0; i < pool_size; ++i) {
      soci::session& s = pool->at(i);
      s.open(soci::sqlite3, "db=" + path + " timeout=10");
      s << "PRAGMA journal_mode = WAL";
      s << "PRAGMA foreign_keys = ON";
      s << "PRAGMA synchronous = FULL";  // committed means on disk
      s << "PRAGMA busy_timeout = 10000";
    }
  } catch (const std::exception& e) {
    return Status::Unavailable("database_unavailable", std::string("sqlite: ") + e.what());
  }
  return std::unique_ptr<Store>(std::make_unique<SociStore>(
      std::move(pool), pool_size, std::make_unique<SqliteDialect>(), sqlite::Migrations(),
      /*one_writer=*/true));
}

}  // namespace ams::store
