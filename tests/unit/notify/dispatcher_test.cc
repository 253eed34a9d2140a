#include "notify/dispatcher.h"

#include <gtest/gtest.h>

namespace ams::notify {
namespace {

// The dispatcher's rounds run against a real store in
// tests/contract/outbox_dispatch_test.cc; here only the schedule.
TEST(RetryDelayTest, DoublesFrom30SecondsUpToOneHour) {
  static const struct {
    int failed_attempts;
    int64_t seconds;
  } kCases[] = {
      {1, 30},    {2, 60},         {3, 120},  {4, 240},
      {5, 480},   {6, 960},        {7, 1920}, {8, 3600},  // 3840 capped
      {20, 3600}, {1000000, 3600},                        // no overflow however many
  };
  DispatcherOptions options;
  for (const auto& c : kCases) {
    EXPECT_EQ(RetryDelay(options, c.failed_attempts).count(), c.seconds)
        << "after " << c.failed_attempts << " failed attempt(s)";
  }
}

TEST(RetryDelayTest, FollowsTheOptions) {
  DispatcherOptions options;
  options.backoff_base = std::chrono::seconds(1);
  options.backoff_max = std::chrono::seconds(5);
  EXPECT_EQ(RetryDelay(options, 1).count(), 1);
  EXPECT_EQ(RetryDelay(options, 3).count(), 4);
  EXPECT_EQ(RetryDelay(options, 4).count(), 5);
}

TEST(RetryDelayTest, DefaultsGiveUpAfterAboutFifteenHours) {
  DispatcherOptions options;
  std::chrono::seconds total{0};
  for (int n = 1; n < options.max_attempts; ++n) total += RetryDelay(options, n);
  EXPECT_GT(total, std::chrono::hours(12));
  EXPECT_LT(total, std::chrono::hours(18));
}

}  // namespace
}  // namespace ams::notify
