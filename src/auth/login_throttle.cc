#include "auth/login_throttle.h"

#include <algorithm>
#include <string>

namespace ams::auth {

Status ThrottleDecision::ToStatus() const {
  if (allowed) return Status::Ok();
  const std::string detail = "retry after " + std::to_string(retry_after.count()) + " s";
  return Status::TooManyRequests(locked ? "account_locked" : "login_throttled", detail);
}

std::chrono::seconds LoginThrottle::DelayAfter(int failures) const {
  if (failures >= options_.lockout_failures) return options_.lockout_duration;
  if (failures <= options_.free_failures) return std::chrono::seconds(0);
  // Double from base_delay; stop doubling once past the cap so that the
  // shift never overflows however large `failures` gets.
  std::chrono::seconds delay = options_.base_delay;
  for (int i = options_.free_failures + 1; i < failures && delay < options_.max_delay; ++i) {
    delay *= 2;
  }
  return std::min(delay, options_.max_delay);
}

ThrottleDecision LoginThrottle::Decide(int failures, std::optional<TimePoint> last_failure,
                                       TimePoint now) const {
  const std::chrono::seconds delay = DelayAfter(failures);
  if (delay.count() <= 0 || !last_failure) return {};

  const TimePoint until = *last_failure + delay;
  if (now >= until) return {};
  // Round up: "retry after 0 s" while still refused would invite a busy loop.
  auto wait = std::chrono::ceil<std::chrono::seconds>(until - now);
  // A clock that went backwards must not stretch the wait past its length.
  wait = std::min(wait, delay);
  ThrottleDecision d;
  d.allowed = false;
  d.locked = failures >= options_.lockout_failures;
  d.retry_after = wait;
  return d;
}

}  // namespace ams::auth
