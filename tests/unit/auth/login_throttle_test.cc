#include "auth/login_throttle.h"

#include <gtest/gtest.h>

namespace ams::auth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(LoginThrottleTest, DelayGrowsThenLocks) {
  const LoginThrottle throttle;
  static const struct {
    int failures;
    seconds delay;
  } kCases[] = {
      {0, seconds(0)},   {1, seconds(0)},   {2, seconds(0)},     {3, seconds(0)},  {4, seconds(1)},
      {5, seconds(2)},   {6, seconds(4)},   {7, seconds(8)},     {8, seconds(16)}, {9, seconds(32)},
      {10, minutes(15)}, {11, minutes(15)}, {1000, minutes(15)},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(throttle.DelayAfter(c.failures), c.delay) << c.failures << " failures";
  }
}

TEST(LoginThrottleTest, DelayIsCappedAtMaxDelay) {
  LoginThrottleOptions options;
  options.lockout_failures = 1'000'000;  // only the back-off
  const LoginThrottle throttle(options);
  EXPECT_EQ(throttle.DelayAfter(9), seconds(32));
  EXPECT_EQ(throttle.DelayAfter(10), seconds(60)) << "64 s capped";
  EXPECT_EQ(throttle.DelayAfter(500), seconds(60)) << "no overflow";
  EXPECT_EQ(throttle.DelayAfter(999'999), seconds(60));
}

// A password-guessing run against one account, second by second, as the
// account service would see it.
TEST(LoginThrottleTest, FollowsTheTimelineOfAGuessingRun) {
  const LoginThrottle throttle;
  FakeClock clock(FromUnixSeconds(1'800'000'000));
  int failures = 0;
  std::optional<TimePoint> last_failure;
  auto fail = [&] {
    ASSERT_TRUE(throttle.Decide(failures, last_failure, clock.Now()).allowed)
        << "a failure is only recorded after an allowed attempt";
    ++failures;
    last_failure = clock.Now();
  };

  for (int i = 0; i < 3; ++i) fail();
  EXPECT_TRUE(throttle.Decide(failures, last_failure, clock.Now()).allowed)
      << "three failures cost nothing";

  fail();  // 4th
  ThrottleDecision d = throttle.Decide(failures, last_failure, clock.Now());
  EXPECT_FALSE(d.allowed);
  EXPECT_FALSE(d.locked);
  EXPECT_EQ(d.retry_after, seconds(1));
  Status s = d.ToStatus();
  EXPECT_EQ(s.code(), Code::kTooManyRequests);
  EXPECT_EQ(s.reason(), "login_throttled");
  EXPECT_EQ(s.detail(), "retry after 1 s");

  clock.Advance(seconds(1));
  fail();  // 5th
  clock.Advance(seconds(1));
  d = throttle.Decide(failures, last_failure, clock.Now());
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, seconds(1)) << "2 s delay, 1 s elapsed";
  clock.Advance(seconds(1));

  for (seconds wait : {seconds(4), seconds(8), seconds(16), seconds(32)}) {
    fail();  // 6th .. 9th
    d = throttle.Decide(failures, last_failure, clock.Now());
    EXPECT_EQ(d.retry_after, wait) << failures << " failures";
    clock.Advance(wait - seconds(1));
    EXPECT_FALSE(throttle.Decide(failures, last_failure, clock.Now()).allowed)
        << "one second early, after " << failures << " failures";
    clock.Advance(seconds(1));
  }

  fail();  // 10th: locked
  d = throttle.Decide(failures, last_failure, clock.Now());
  EXPECT_FALSE(d.allowed);
  EXPECT_TRUE(d.locked);
  EXPECT_EQ(d.retry_after, minutes(15));
  EXPECT_EQ(d.ToStatus().reason(), "account_locked");

  clock.Advance(minutes(14) + seconds(59));
  d = throttle.Decide(failures, last_failure, clock.Now());
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, seconds(1));
  clock.Advance(seconds(1));
  EXPECT_TRUE(throttle.Decide(failures, last_failure, clock.Now()).allowed)
      << "the lockout is temporary";

  fail();  // 11th: locked again at once
  d = throttle.Decide(failures, last_failure, clock.Now());
  EXPECT_TRUE(d.locked);
  EXPECT_EQ(d.retry_after, minutes(15));

  // A successful login (after the lockout) resets the counters.
  clock.Advance(minutes(15));
  failures = 0;
  last_failure.reset();
  EXPECT_TRUE(throttle.Decide(failures, last_failure, clock.Now()).allowed);
  EXPECT_TRUE(throttle.Decide(failures, last_failure, clock.Now()).ToStatus().ok());
}

TEST(LoginThrottleTest, RoundsPartialSecondsUp) {
  const LoginThrottle throttle;
  const TimePoint last = FromUnixSeconds(1'800'000'000);
  ThrottleDecision d = throttle.Decide(5, last, last + std::chrono::milliseconds(1500));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, seconds(1)) << "0.5 s left is 'retry after 1 s', never 0";
}

TEST(LoginThrottleTest, ClockGoingBackwardsDoesNotExtendTheWait) {
  const LoginThrottle throttle;
  const TimePoint last = FromUnixSeconds(1'800'000'000);
  ThrottleDecision d = throttle.Decide(4, last, last - std::chrono::hours(2));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, seconds(1));
  d = throttle.Decide(10, last, last - std::chrono::hours(2));
  EXPECT_EQ(d.retry_after, minutes(15));
}

TEST(LoginThrottleTest, WithoutALastFailureTimeNothingIsDelayed) {
  const LoginThrottle throttle;
  EXPECT_TRUE(throttle.Decide(10, std::nullopt, FromUnixSeconds(0)).allowed);
}

TEST(LoginThrottleTest, HonoursCustomOptions) {
  LoginThrottleOptions options;
  options.free_failures = 0;
  options.base_delay = seconds(5);
  options.max_delay = seconds(20);
  options.lockout_failures = 5;
  options.lockout_duration = minutes(60);
  const LoginThrottle throttle(options);
  EXPECT_EQ(throttle.DelayAfter(0), seconds(0));
  EXPECT_EQ(throttle.DelayAfter(1), seconds(5));
  EXPECT_EQ(throttle.DelayAfter(2), seconds(10));
  EXPECT_EQ(throttle.DelayAfter(3), seconds(20));
  EXPECT_EQ(throttle.DelayAfter(4), seconds(20));
  EXPECT_EQ(throttle.DelayAfter(5), minutes(60));
}

}  // namespace
}  // namespace ams::auth
