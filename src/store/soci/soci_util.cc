#include "store/soci/soci_util.h"

#include <soci/postgresql/soci-postgresql.h>

#include <cstdlib>

namespace ams::store {

int64_t GetInt(const soci::row& row, std::size_t i, int64_t if_null) {
  if (row.get_indicator(i) == soci::i_null) return if_null;
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_integer: return row.get<int>(i);
    case soci::dt_long_long: return row.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<int64_t>(row.get<unsigned long long>(i));
    case soci::dt_double: return static_cast<int64_t>(row.get<double>(i));
    case soci::dt_string: return std::strtoll(row.get<std::string>(i).c_str(), nullptr, 10);
    default: throw soci::soci_error("column " + std::to_string(i) + " is not an integer");
  }
}

std::optional<int64_t> GetOptInt(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return std::nullopt;
  return GetInt(row, i);
}

std::string GetText(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return {};
  return row.get<std::string>(i);
}

namespace {
bool Contains(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }
}  // namespace

bool IsUniqueViolation(const std::exception& e) {
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    return pg->sqlstate() == "23505";
  }
  const std::string what = e.what();
  return Contains(what, "UNIQUE constraint failed") || Contains(what, "PRIMARY KEY constraint failed");
}

bool IsRetryable(const std::exception& e) {
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    return pg->sqlstate() == "40001" || pg->sqlstate() == "40P01";
  }
  const std::string what = e.what();
  return Contains(what, "database is locked") || Contains(what, "database is busy");
}

bool IsConnectionLost(const std::exception& e) {
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    return pg->sqlstate().rfind("08", 0) == 0 || pg->sqlstate() == "57P01";
  }
  const std::string what = e.what();
  return Contains(what, "server closed the connection") || Contains(what, "Connection refused") ||
         Contains(what, "could not connect") || Contains(what, "no connection to the server");
}

Status FromException(const std::exception& e, const char* unique_reason) {
  if (IsUniqueViolation(e)) return Status::Conflict(unique_reason, e.what());
  if (IsRetryable(e)) return Status::Conflict("concurrent_update", e.what());
  if (IsConnectionLost(e)) return Status::Unavailable("database_unavailable", e.what());
  return Status::Internal(std::string("database: ") + e.what());
}

}  // namespace ams::store
