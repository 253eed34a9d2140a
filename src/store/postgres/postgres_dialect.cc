#include "store/postgres/postgres_dialect.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include "store/soci/soci_store.h"
#include "store/soci/soci_util.h"

namespace ams::store {

namespace {

class PostgresDialect final : public Dialect {
 public:
  const char* name() const override { return "postgresql"; }
  const char* BeginWrite() const override { return "BEGIN"; }
  const char* BeginRead() const override { return "BEGIN READ ONLY"; }
  const char* ForUpdate() const override { return " FOR UPDATE"; }
  const char* ForUpdateSkipLocked() const override { return " FOR UPDATE SKIP LOCKED"; }
  // The "C" collation's lower() changes A-Z only, whatever the locale.
  std::string LowerAscii(const std::string& expr) const override {
    return "LOWER(" + expr + " COLLATE \"C\")";
  }
  void ExecScript(soci::session& sql, const std::string& script) const override {
    auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
    PGresult* result = PQexec(backend->conn_, script.c_str());
    ExecStatusType status = PQresultStatus(result);
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw soci::soci_error("migration failed: " + message);
    }
  }
  void LockForMigration(soci::session& sql) const override {
    // Two nodes starting at once: the second waits, then finds nothing to do.
    sql << "SELECT pg_advisory_xact_lock(7236001)";
  }
  long long InsertReturningId(soci::session&, StatementCache& st, const std::string& insert,
                              const std::vector<SqlParam>& params) const override {
    long long id = 0;
    st.Query(insert + " RETURNING id", params, [&](const soci::row& r) { id = GetInt(r, 0); });
    return id;
  }
};

}  // namespace

Result<std::string> PostgresConnectString(const std::string& url) {
  // SOCI reads "scheme://" as its own backend prefix, so hand it libpq's
  // key=value form, as parsed by libpq itself.
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    if (error) PQfreemem(error);
    return Status::Invalid("database_url_invalid", "not a PostgreSQL connection URL");
  }
  std::string out;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || std::string(o->keyword) == "options") continue;
    std::string value;
    for (const char* c = o->val; *c; ++c) {
      if (*c == '\\' || *c == '\'') value += '\\';
      value += *c;
    }
    out += std::string(o->keyword) + "='" + value + "' ";
  }
  PQconninfoFree(options);
  // libpq notices would go to stderr; keep only warnings and up.
  return out + "options='-c client_min_messages=warning'";
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, size_t pool_size) {
  Result<std::string> connect = PostgresConnectString(url);
  if (!connect.ok()) return connect.status();
  auto pool = std::make_unique<soci::connection_pool>(pool_size);
  try {
    for (size_t i = 0; i < pool_size; ++i) {
      pool->at(i).open(soci::postgresql, *connect);
    }
  } catch (const std::exception& e) {
    // The URL may hold a password: say only that the connection failed.
    return Status::Unavailable("database_unavailable", "cannot connect to PostgreSQL");
  }
  return std::unique_ptr<Store>(std::make_unique<SociStore>(
      std::move(pool), pool_size, std::make_unique<PostgresDialect>(), postgres::Migrations()));
}

}  // namespace ams::store
