// The fence the OCSP path trusts instead of a database read
// (workflow/certificates/revocation_fence.h), on real files: two opens of
// the same file stand for two processes.
#include "workflow/certificates/revocation_fence.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

namespace ams::workflow {
namespace {

class RevocationFenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ams-fence-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "ams.db-revocations").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  RevocationFence Open() {
    Result<SharedCounters> counters = SharedCounters::Open(path_, 2);
    EXPECT_TRUE(counters.ok()) << counters.status().ToString();
    return RevocationFence(std::move(counters).value());
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(RevocationFenceTest, CountersAreSharedBetweenOpensOfTheSameFile) {
  Result<SharedCounters> a = SharedCounters::Open(path_, 2);
  Result<SharedCounters> b = SharedCounters::Open(path_, 2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->Load(0), 0u) << "a new file starts at zero";
  a->Add(0, 3);
  b->Add(1, 5);
  EXPECT_EQ(b->Load(0), 3u);
  EXPECT_EQ(a->Load(1), 5u);
  EXPECT_EQ(std::filesystem::file_size(path_), 16u);
}

TEST_F(RevocationFenceTest, StampMovesWithEachRevocationOfAnyProcess) {
  RevocationFence server = Open();
  RevocationFence cli = Open();
  const std::optional<uint64_t> before = server.QuietStamp();
  ASSERT_TRUE(before.has_value());
  {
    RevocationFence::Writing writing(&cli);
    EXPECT_EQ(server.QuietStamp(), std::nullopt) << "a revocation in flight: read the store";
  }
  const std::optional<uint64_t> after = server.QuietStamp();
  ASSERT_TRUE(after.has_value());
  EXPECT_NE(*after, *before) << "a finished revocation changes the stamp";
  EXPECT_EQ(cli.QuietStamp(), after);
}

TEST_F(RevocationFenceTest, NoFenceWritesNothing) {
  RevocationFence fence = Open();
  const std::optional<uint64_t> before = fence.QuietStamp();
  { RevocationFence::Writing writing(nullptr); }
  EXPECT_EQ(fence.QuietStamp(), before);
}

TEST_F(RevocationFenceTest, UnusablePathIsUnavailable) {
  Result<SharedCounters> c = SharedCounters::Open((dir_ / "missing" / "x").string(), 2);
  EXPECT_EQ(c.status().code(), Code::kUnavailable);
  EXPECT_EQ(c.status().reason(), "shared_counters_unavailable");
}

}  // namespace
}  // namespace ams::workflow
