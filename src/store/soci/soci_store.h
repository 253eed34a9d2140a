#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/soci/dialect.h"
#include "store/soci/migration.h"
#include "store/store.h"

namespace soci {
class connection_pool;
}
namespace ams::store {
class StatementCache;
}

namespace ams::store {

// A Store on SOCI: a pool of sessions to one database, the engine's dialect
// and its migrations. Thread-safe: each call leases its own session.
class SociStore final : public Store {
 public:
  SociStore(std::unique_ptr<soci::connection_pool> pool, size_t pool_size,
            std::unique_ptr<Dialect> dialect, const std::vector<Migration>& migrations);
  ~SociStore() override;

  Status InTransaction(const std::function<Status(Transaction&)>& work) override;
  Status Read(const std::function<Status(Transaction&)>& work) override;
  Result<std::vector<int>> Migrate() override;
  bool Ping() override;
  Status ScanAudit(const std::function<bool(const audit::AuditRecord&)>& visit,
                   AuditHead* head) override;
  std::string EngineName() const override { return dialect_->name(); }

 private:
  Status Run(const std::function<Status(Transaction&)>& work, bool write);

  std::unique_ptr<soci::connection_pool> pool_;
  size_t pool_size_;
  // The prepared statements of each pooled session, by pool position; a
  // position is leased to one transaction at a time.
  std::vector<std::unique_ptr<StatementCache>> statements_;
  std::unique_ptr<Dialect> dialect_;
  const std::vector<Migration>& migrations_;
};

// Opens the database named by `url`: "postgresql://..." (or "postgres://")
// for PostgreSQL, "sqlite:PATH" or a plain file path for SQLite. Does not
// migrate. kUnavailable when it cannot connect; kInvalidArgument for a URL
// it does not understand.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url, size_t pool_size = 4);

}  // namespace ams::store
