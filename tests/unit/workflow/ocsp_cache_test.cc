#include "workflow/certificates/ocsp_cache.h"

#include <gtest/gtest.h>

namespace ams::workflow {
namespace {

const TimePoint kT0 = FromUnixSeconds(1796096195);

TEST(OcspCacheTest, ServesFreshEntriesOnly) {
  OcspCache cache(10);
  cache.Sync(0, {});
  cache.Insert("0a", "der-a", kT0, 0);
  EXPECT_EQ(cache.Find("0a", kT0 - std::chrono::seconds(1)).value_or(""), "der-a");
  EXPECT_FALSE(cache.Find("0a", kT0).has_value()) << "signed too long ago";
  EXPECT_FALSE(cache.Find("0b", kT0 - std::chrono::seconds(1)).has_value());
}

TEST(OcspCacheTest, SyncDropsExactlyTheRevokedSerials) {
  OcspCache cache(10);
  cache.Sync(3, {});
  cache.Insert("0a", "good-a", kT0, 3);
  cache.Insert("0b", "good-b", kT0, 3);
  cache.Sync(4, {"0a"});  // another process revoked 0a
  EXPECT_FALSE(cache.Find("0a", kT0 - std::chrono::hours(1)).has_value());
  EXPECT_TRUE(cache.Find("0b", kT0 - std::chrono::hours(1)).has_value());
  EXPECT_EQ(cache.synced(), 4);
}

TEST(OcspCacheTest, AnswerSignedBeforeASyncIsNotCached) {
  // A status read while the counter was 3 may predate revocation 4, whose
  // invalidation already ran: inserting it would make a stale answer stick.
  OcspCache cache(10);
  cache.Sync(3, {});
  cache.Sync(4, {"0a"});
  cache.Insert("0a", "stale-good", kT0, 3);
  EXPECT_FALSE(cache.Find("0a", kT0 - std::chrono::hours(1)).has_value());
  EXPECT_EQ(cache.size(), 0u);
}

TEST(OcspCacheTest, NothingIsCachedBeforeTheFirstSyncAndSizeIsBounded) {
  OcspCache cache(2);
  cache.Insert("0a", "x", kT0, 0);
  EXPECT_EQ(cache.size(), 0u);
  cache.Sync(0, {});
  cache.Insert("0a", "x", kT0, 0);
  cache.Insert("0b", "x", kT0, 0);
  cache.Insert("0c", "x", kT0, 0);
  EXPECT_LE(cache.size(), 2u);
  cache.Erase("0c");
  EXPECT_FALSE(cache.Find("0c", kT0 - std::chrono::hours(1)).has_value());
}

}  // namespace
}  // namespace ams::workflow
