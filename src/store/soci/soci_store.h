#pragma once

#include <memory>
#include <mutex>
#include <optional>
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
//
// With `one_writer` (SQLite, which lets one transaction write at a time
// anyway), the pool's first session is kept for the write transactions, one
// after the other: its page cache stays valid from one to the next (SQLite
// drops a session's cache whenever another session wrote), and a writer
// waits on a mutex instead of polling the database lock. The other sessions
// serve Read.
class SociStore final : public Store {
 public:
  SociStore(std::unique_ptr<soci::connection_pool> pool, size_t pool_size,
            std::unique_ptr<Dialect> dialect, const std::vector<Migration>& migrations,
            bool one_writer = false);
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
  // One attempt of Run on the session at `position`; sets *retry when the
  // attempt lost a race and may be tried again.
  Status Attempt(size_t position, const std::function<Status(Transaction&)>& work, bool write,
                 bool* retry);

  std::unique_ptr<soci::connection_pool> pool_;
  size_t pool_size_;
  // The prepared statements of each pooled session, by pool position; a
  // position is leased to one transaction at a time.
  std::vector<std::unique_ptr<StatementCache>> statements_;
  std::unique_ptr<Dialect> dialect_;
  const std::vector<Migration>& migrations_;
  // The session kept for writing (one_writer), leased for the store's life.
  std::optional<size_t> writer_;
  std::mutex writer_mu_;  // Held by the write transaction on writer_.
};

// Opens the database named by `url`: "postgresql://..." (or "postgres://")
// for PostgreSQL, "sqlite:PATH" or a plain file path for SQLite. Does not
// migrate. kUnavailable when it cannot connect; kInvalidArgument for a URL
// it does not understand.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url, size_t pool_size = 4);

}  // namespace ams::store
