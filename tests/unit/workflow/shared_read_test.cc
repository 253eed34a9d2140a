// SharedRead (workflow/certificates/shared_read.h): a caller never gets a
// read that began before it arrived, and the callers that arrive during
// one read share the next.
#include "workflow/certificates/shared_read.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ams::workflow {
namespace {

using namespace std::chrono_literals;

// A read that returns how many reads began, and can be held open.
struct Source {
  Result<int> Read() {
    const int n = ++begun;
    while (hold.load()) std::this_thread::sleep_for(1ms);
    return n;
  }
  std::atomic<int> begun{0};
  std::atomic<bool> hold{false};
};

void WaitUntil(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(done());
}

TEST(SharedReadTest, AloneACallerReadsItself) {
  SharedRead<int> shared;
  Source source;
  auto read = [&] { return source.Read(); };
  EXPECT_EQ(*shared.Get(read), 1);
  EXPECT_EQ(*shared.Get(read), 2) << "a later call never gets an earlier read";
}

TEST(SharedReadTest, CallersArrivingDuringAReadShareTheNextNotThatOne) {
  SharedRead<int> shared;
  Source source;
  auto read = [&] { return source.Read(); };
  source.hold = true;
  int first = 0;
  std::thread a([&] { first = *shared.Get(read); });
  WaitUntil([&] { return source.begun.load() == 1; });  // Read 1 is running.

  constexpr int kLate = 6;
  std::vector<int> got(kLate);
  std::atomic<int> started{0};
  std::vector<std::thread> late;
  for (int i = 0; i < kLate; ++i) {
    late.emplace_back([&, i] {
      ++started;
      got[i] = *shared.Get(read);
    });
  }
  WaitUntil([&] { return started.load() == kLate; });
  std::this_thread::sleep_for(20ms);  // Let them reach the wait.
  source.hold = false;
  a.join();
  for (auto& t : late) t.join();
  EXPECT_EQ(first, 1);
  for (int i = 0; i < kLate; ++i) {
    EXPECT_EQ(got[i], 2) << i << ": arrived during read 1, so read 2 or none";
  }
  EXPECT_EQ(source.begun.load(), 2) << "the late callers shared one read";
}

TEST(SharedReadTest, AFailedReadIsEveryWaitersAnswerAndTheNextCallReadsAgain) {
  SharedRead<int> shared;
  std::atomic<int> begun{0};
  auto failing = [&]() -> Result<int> {
    ++begun;
    return Status::Unavailable("database_unavailable");
  };
  Result<int> r = shared.Get(failing);
  EXPECT_EQ(r.status().reason(), "database_unavailable");
  EXPECT_EQ(*shared.Get([] { return Result<int>(7); }), 7);
}

TEST(SharedReadTest, AReadThatThrowsLeavesNoOneWaitingForever) {
  SharedRead<int> shared;
  EXPECT_THROW(shared.Get([]() -> Result<int> { throw std::runtime_error("boom"); }),
               std::runtime_error);
  EXPECT_EQ(*shared.Get([] { return Result<int>(3); }), 3);
}

}  // namespace
}  // namespace ams::workflow
