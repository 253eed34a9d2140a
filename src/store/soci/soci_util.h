#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/status.h"

// Helpers shared by the SOCI repositories: typed reads that work the same on
// SQLite (which reports declared types loosely) and PostgreSQL, and the one
// place a driver exception becomes a Status.
namespace ams::store {

int64_t GetInt(const soci::row& row, std::size_t i, int64_t if_null = 0);
std::optional<int64_t> GetOptInt(const soci::row& row, std::size_t i);
std::string GetText(const soci::row& row, std::size_t i);
inline TimePoint GetTime(const soci::row& row, std::size_t i) {
  return FromUnixSeconds(GetInt(row, i));
}

bool IsUniqueViolation(const std::exception& e);
bool IsRetryable(const std::exception& e);  // busy, locked, serialization failure, deadlock
bool IsConnectionLost(const std::exception& e);

// Converts an exception from a driver into a Status. A unique violation
// becomes kConflict `unique_reason`; a lost connection kUnavailable.
Status FromException(const std::exception& e, const char* unique_reason = "conflict");

// Runs `body` and converts whatever it throws.
template <typename F>
Status Guard(F&& body, const char* unique_reason = "conflict") {
  try {
    return body();
  } catch (const std::exception& e) {
    return FromException(e, unique_reason);
  }
}

}  // namespace ams::store
