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

// Two revocations overlapping (two processes, or two threads): the stamp
// stays absent until the last of them has ended, so a reader never trusts a
// cache while any revocation may still commit.
TEST_F(RevocationFenceTest, NoStampUntilEveryOverlappingRevocationEnded) {
  RevocationFence server = Open();
  RevocationFence cli = Open();
  const std::optional<uint64_t> before = server.QuietStamp();
  ASSERT_TRUE(before.has_value());
  std::optional<RevocationFence::Writing> first(std::in_place, &cli);
  std::optional<RevocationFence::Writing> second(std::in_place, &server);
  first.reset();
  EXPECT_EQ(server.QuietStamp(), std::nullopt) << "the second is still in flight";
  EXPECT_EQ(cli.QuietStamp(), std::nullopt);
  second.reset();
  const std::optional<uint64_t> after = server.QuietStamp();
  ASSERT_TRUE(after.has_value());
  EXPECT_NE(*after, *before);
  // A deployment without a fence (nodes on PostgreSQL) brackets with none:
  // nothing is counted anywhere.
  { RevocationFence::Writing unfenced(nullptr); }
  EXPECT_EQ(server.QuietStamp(), after);
}

TEST_F(RevocationFenceTest, UnusablePathIsUnavailable) {
  Result<SharedCounters> c = SharedCounters::Open((dir_ / "missing" / "x").string(), 2);
  EXPECT_EQ(c.status().code(), Code::kUnavailable);
  EXPECT_EQ(c.status().reason(), "shared_counters_unavailable");
}

}  // namespace
}  // namespace ams::workflow
