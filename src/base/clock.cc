#include "base/clock.h"

#include <ctime>

namespace ams {

int64_t ToUnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

TimePoint FromUnixSeconds(int64_t s) { return TimePoint(std::chrono::seconds(s)); }

namespace {
std::string Format(int64_t unix_seconds, const char* fmt) {
  std::time_t tt = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, fmt, &tm);
  return std::string(buf, n);
}
}  // namespace

std::string FormatUtc(TimePoint t) { return Format(ToUnixSeconds(t), "%Y-%m-%dT%H:%M:%SZ"); }

// WIB is a fixed UTC+7 offset: Indonesia has no daylight saving time.
std::string FormatWib(TimePoint t) {
  return Format(ToUnixSeconds(t) + 7 * 3600, "%Y-%m-%d %H:%M WIB");
}

}  // namespace ams
