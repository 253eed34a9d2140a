#pragma once

// Prepared statements kept per database session, for the statements every
// issuance runs. SOCI prepares a statement each time one is written with
// `sql <<` or a rowset, and parsing SQL was a third of the CPU time of an
// issuance over HTTP (bench/README.md); a statement prepared once and
// executed again with new values skips that.

#include <soci/soci.h>

#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ams::store {

// One value bound to a placeholder, in order: an integer or a text, either
// possibly NULL.
struct SqlParam {
  enum class Kind { kInt, kText };
  Kind kind;
  long long integer = 0;
  std::string text;
  bool null = false;

  template <std::integral T>
  SqlParam(T v) : kind(Kind::kInt), integer(static_cast<long long>(v)) {}  // NOLINT: implicit by design
  SqlParam(std::string v) : kind(Kind::kText), text(std::move(v)) {}      // NOLINT
  SqlParam(const char* v) : kind(Kind::kText), text(v) {}                 // NOLINT
  SqlParam(const std::optional<int64_t>& v)                               // NOLINT
      : kind(Kind::kInt), integer(v.value_or(0)), null(!v) {}
  SqlParam(const std::optional<std::string>& v)  // NOLINT
      : kind(Kind::kText), text(v.value_or("")), null(!v) {}
};

// Not thread-safe: belongs to one session, used by one transaction at a time.
// Throws what SOCI throws (the repositories' Guard converts it).
class StatementCache {
 public:
  explicit StatementCache(soci::session& sql, size_t max_entries = 64)
      : sql_(sql), max_entries_(max_entries) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache();

  // Runs a statement that yields rows (SELECT, or RETURNING) and calls
  // `on_row` for each; the row object is reused, so copy what you keep. The
  // statement always runs to its end, so it holds no read snapshot after.
  void Query(const std::string& sql, const std::vector<SqlParam>& params,
             const std::function<void(const soci::row&)>& on_row);

  // Runs a statement without rows; returns the number of rows it changed.
  long long Exec(const std::string& sql, const std::vector<SqlParam>& params);

  // Forgets every statement (a lost connection, or a schema change).
  void Clear() { entries_.clear(); }

 private:
  struct Slot {
    long long integer = 0;
    std::string text;
    soci::indicator indicator = soci::i_ok;
  };
  struct Entry {
    explicit Entry(soci::session& sql) : statement(sql) {}
    soci::statement statement;
    soci::row row;
    std::vector<Slot> slots;  // Sized once: the statement holds their addresses.
  };
  // The prepared statement for `sql` with params of these kinds, its slots
  // filled with `params`.
  Entry& Bind(const std::string& sql, const std::vector<SqlParam>& params, bool with_rows);

  soci::session& sql_;
  const size_t max_entries_;
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
};

}  // namespace ams::store
