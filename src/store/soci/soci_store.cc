#include "store/soci/soci_store.h"

#include <soci/soci.h>

#include <chrono>
#include <set>
#include <thread>

#include "store/soci/soci_transaction.h"
#include "store/soci/statement_cache.h"
#include "store/soci/soci_util.h"

namespace ams::store {

SociStore::SociStore(std::unique_ptr<soci::connection_pool> pool, size_t pool_size,
                     std::unique_ptr<Dialect> dialect, const std::vector<Migration>& migrations,
                     bool one_writer)
    : pool_(std::move(pool)),
      pool_size_(pool_size),
      dialect_(std::move(dialect)),
      migrations_(migrations) {
  for (size_t i = 0; i < pool_size_; ++i) {
    statements_.push_back(std::make_unique<StatementCache>(pool_->at(i)));
  }
  // A pool of one has nothing left for Read: no writer lane then.
  if (one_writer && pool_size_ > 1) writer_ = pool_->lease();
}

SociStore::~SociStore() {
  if (writer_) pool_->give_back(*writer_);
}

Status SociStore::InTransaction(const std::function<Status(Transaction&)>& work) {
  return Run(work, /*write=*/true);
}

Status SociStore::Read(const std::function<Status(Transaction&)>& work) {
  return Run(work, /*write=*/false);
}

Status SociStore::Run(const std::function<Status(Transaction&)>& work, bool write) {
  // A lost race (SQLite busy, PostgreSQL serialization failure or deadlock)
  // is retried a few times with back-off before it is reported as a conflict.
  constexpr int kAttempts = 5;
  Status last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
    bool retry = false;
    if (write && writer_) {
      std::lock_guard lock(writer_mu_);
      last = Attempt(*writer_, work, write, &retry);
    } else {
      // The session leased by position, so that its prepared statements
      // (StatementCache) come with it.
      const size_t position = pool_->lease();
      struct GiveBack {
        soci::connection_pool& pool;
        size_t position;
        ~GiveBack() { pool.give_back(position); }
      } give_back{*pool_, position};
      last = Attempt(position, work, write, &retry);
    }
    if (!retry) return last;
  }
  return last;
}

Status SociStore::Attempt(size_t position, const std::function<Status(Transaction&)>& work,
                          bool write, bool* retry) {
  soci::session& sql = pool_->at(position);
  StatementCache& statements = *statements_[position];
  try {
    statements.Exec(write ? dialect_->BeginWrite() : dialect_->BeginRead(), {});
    SociTransaction tx(sql, *dialect_, statements);
    Status s;
    try {
      s = work(tx);
    } catch (...) {
      sql << "ROLLBACK";
      throw;
    }
    if (!s.ok()) {
      statements.Exec("ROLLBACK", {});
      // A repository that hit a lost race reports concurrent_update: try again.
      *retry = s.code() == Code::kConflict && s.reason() == "concurrent_update";
      return s;
    }
    try {
      tx.BeforeCommit();
    } catch (...) {
      sql << "ROLLBACK";
      throw;
    }
    statements.Exec("COMMIT", {});
    return Status();
  } catch (const std::exception& e) {
    // Statements prepared on a connection that is gone are of no use.
    if (IsConnectionLost(e)) statements.Clear();
    *retry = IsRetryable(e);
    return FromException(e);
  }
}

Result<std::vector<int>> SociStore::Migrate() {
  std::vector<int> applied;
  try {
    soci::session sql(*pool_);
    sql << dialect_->BeginWrite();
    try {
      dialect_->LockForMigration(sql);
      sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
             "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
      // Every version not applied yet, not only those above the highest:
      // parallel branches land their numbers out of order (0005 before 0003),
      // and a database migrated in between must still get the late one.
      std::set<int> done;
      soci::rowset<int> versions = (sql.prepare << "SELECT version FROM schema_migrations");
      for (int v : versions) done.insert(v);
      // One transaction for all pending steps: a failed migration leaves the
      // schema as it was.
      for (const Migration& m : migrations_) {
        if (done.contains(m.version)) continue;
        dialect_->ExecScript(sql, m.sql);
        int version = m.version;
        std::string name = m.name;
        long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
        sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
            soci::use(version), soci::use(name), soci::use(now);
        applied.push_back(m.version);
      }
      sql << "COMMIT";
    } catch (...) {
      sql << "ROLLBACK";
      throw;
    }
  } catch (const std::exception& e) {
    return FromException(e);
  }
  return applied;
}

bool SociStore::Ping() {
  try {
    soci::session sql(*pool_);
    int one = 0;
    sql << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (const std::exception&) {
    return false;
  }
}

Status SociStore::ScanAudit(const std::function<bool(const audit::AuditRecord&)>& visit,
                            AuditHead* head) {
  return Guard([&]() -> Status {
    soci::session sql(*pool_);
    // One read transaction, so the head and the records are one snapshot.
    sql << dialect_->BeginRead();
    long long seq = 0;
    std::string hash;
    sql << "SELECT seq, hash FROM audit_head WHERE id = 1", soci::into(seq), soci::into(hash);
    head->seq = seq;
    head->hash = hash;
    soci::rowset<soci::row> rows =
        (sql.prepare << std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY seq");
    for (const auto& r : rows) {
      if (!visit(AuditRecordFromRow(r))) break;
    }
    sql << "COMMIT";
    return Status();
  });
}

}  // namespace ams::store
