#pragma once

#include <string>
#include <vector>

#include "store/soci/statement_cache.h"

namespace soci {
class session;
}

namespace ams::store {

// What differs between the two SQL engines. Everything else is one SQL text.
class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual const char* name() const = 0;
  // Statement that opens a transaction that will write. SQLite takes the
  // write lock up front (BEGIN IMMEDIATE) so two writers never deadlock on
  // upgrading a read lock.
  virtual const char* BeginWrite() const = 0;
  virtual const char* BeginRead() const = 0;
  // " FOR UPDATE" where row locks exist; "" on SQLite, whose write
  // transaction already holds the database lock.
  virtual const char* ForUpdate() const = 0;
  virtual const char* ForUpdateSkipLocked() const = 0;
  // `expr` with A-Z lowered and nothing else, as the services lower what
  // they search for: SQLite's LOWER() knows only ASCII, PostgreSQL's follows
  // the database's locale (É → é), and a search must find the same rows on
  // both engines.
  virtual std::string LowerAscii(const std::string& expr) const = 0;
  // Runs a script of several statements (migrations) on the raw connection.
  virtual void ExecScript(soci::session& sql, const std::string& script) const = 0;
  // Serialises migrations across processes for the current transaction.
  virtual void LockForMigration(soci::session& sql) const = 0;
  // Runs `insert` (an INSERT into a table keyed by an integer id) as a
  // prepared statement of `st` and returns the new row's id: PostgreSQL
  // with RETURNING id; SQLite asks the connection for the row it just
  // inserted, since RETURNING makes it build a temporary table each time.
  virtual long long InsertReturningId(soci::session& sql, StatementCache& st,
                                      const std::string& insert,
                                      const std::vector<SqlParam>& params) const = 0;
};

}  // namespace ams::store
