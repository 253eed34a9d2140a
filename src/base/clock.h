#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ams {

using TimePoint = std::chrono::system_clock::time_point;

// Clock is the seam for time: production uses SystemClock, tests a FakeClock.
// Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when told to. Not thread-safe: set it up before use.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(start) {}
  TimePoint Now() const override { return now_; }
  void Advance(std::chrono::seconds d) { now_ += d; }
  void Set(TimePoint t) { now_ = t; }

 private:
  TimePoint now_;
};

// Unix seconds <-> TimePoint.
int64_t ToUnixSeconds(TimePoint t);
TimePoint FromUnixSeconds(int64_t s);
// RFC 3339 in UTC with a trailing Z, e.g. "2026-11-27T03:36:35Z".
std::string FormatUtc(TimePoint t);
// The same instant in Asia/Jakarta (WIB, UTC+7, no daylight saving), e.g.
// "2026-11-27 10:36 WIB".
std::string FormatWib(TimePoint t);

}  // namespace ams
