#pragma once

#include <chrono>
#include <optional>

#include "base/clock.h"
#include "base/status.h"

namespace ams::auth {

// The knobs of LoginThrottle. A plain value.
struct LoginThrottleOptions {
  // Default: 3. Failures that cost no delay (typos happen).
  int free_failures = 3;
  // Default: 1 s. Delay after the first failure beyond free_failures; it
  // doubles with each further failure.
  std::chrono::seconds base_delay{1};
  // Default: 60 s. Upper bound of the doubling delay.
  std::chrono::seconds max_delay{60};
  // Default: 10. From this many consecutive failures on, the account is
  // locked for lockout_duration after each failure.
  int lockout_failures = 10;
  // Default: 15 min.
  std::chrono::seconds lockout_duration{15 * 60};
};

// LoginThrottle's answer for one login attempt. A plain value.
struct ThrottleDecision {
  bool allowed = true;                  // may check a password now
  bool locked = false;                  // the delay is the lockout, not a back-off
  std::chrono::seconds retry_after{0};  // 0 when allowed; else rounded up

  // OK when allowed; otherwise kTooManyRequests "account_locked" or
  // "login_throttled" with the wait in the detail.
  Status ToStatus() const;
};

// The back-off and lockout policy for password logins. Pure: the account
// service stores the count of consecutive failures and the time of the last
// one (auth::Account::failed_logins, last_failed_login), resets them on a
// successful login, and asks LoginThrottle before checking a password.
// Immutable after construction; thread-safe.
class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions options = {}) : options_(options) {}

  // May a login for an account with `failures` consecutive failures, the last
  // at `last_failure`, check a password at `now`? With the defaults:
  // failures 0–3 → no wait; 4 → 1 s after the last failure; 5 → 2 s; 6 → 4 s;
  // … doubling up to 60 s; 10 or more → 15 min (locked). A wait never
  // exceeds its nominal length, even if the clock went backwards.
  // REQUIRES: failures >= 0.
  ThrottleDecision Decide(int failures, std::optional<TimePoint> last_failure, TimePoint now) const;

  // The wait that `failures` consecutive failures impose after the last one.
  std::chrono::seconds DelayAfter(int failures) const;

 private:
  LoginThrottleOptions options_;
};

}  // namespace ams::auth
