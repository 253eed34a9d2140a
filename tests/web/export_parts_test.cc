// Issue #5: every part of the audit CSV export is reachable from the audit
// page, however long the log (the list used to stop at 20 parts).
#include "web/pages/export_parts.h"

#include <gtest/gtest.h>

namespace ams::web::pages {
namespace {

TEST(ExportPartsTest, ShortLogIsOnePageWithAPartialOldestPart) {
  ExportPartsPage page = ListExportParts(25000, 10000, 20, 0);
  ASSERT_EQ(page.parts.size(), 3u);
  EXPECT_EQ(page.parts[0].number, 1);
  EXPECT_EQ(page.parts[0].first, 15001);
  EXPECT_EQ(page.parts[0].last, 25000);
  EXPECT_EQ(page.parts[0].before, 25001);
  EXPECT_EQ(page.parts[2].first, 1);
  EXPECT_EQ(page.parts[2].last, 5000);
  EXPECT_FALSE(page.newer_from);
  EXPECT_FALSE(page.older_from);
}

TEST(ExportPartsTest, EveryRecordIsInExactlyOnePartAcrossThePages) {
  const int64_t newest = 1234567;  // 124 parts of 10,000: seven pages of 20
  int64_t expected_last = newest;
  int pages = 0;
  std::optional<int64_t> from = 0;
  while (from) {
    ExportPartsPage page = ListExportParts(newest, 10000, 20, *from);
    ASSERT_FALSE(page.parts.empty()) << "page at " << *from;
    EXPECT_LE(page.parts.size(), 20u);
    for (const ExportPart& p : page.parts) {
      EXPECT_EQ(p.last, expected_last) << "part " << p.number << " follows the one before";
      EXPECT_LE(p.last - p.first + 1, 10000);
      expected_last = p.first - 1;
    }
    if (page.older_from) {
      ExportPartsPage back = ListExportParts(newest, 10000, 20, *page.older_from);
      EXPECT_EQ(back.newer_from, *from) << "the older page links back here";
    }
    from = page.older_from;
    ++pages;
  }
  EXPECT_EQ(expected_last, 0) << "the oldest record (1) is listed";
  EXPECT_EQ(pages, 7);
}

TEST(ExportPartsTest, OffsetsFromTheUrlAreSnappedAndClamped) {
  // ?parts= is typed by anyone: off a page boundary, or past the end.
  ExportPartsPage odd = ListExportParts(500000, 10000, 20, 27);
  EXPECT_EQ(odd.parts.front().number, 21);
  ExportPartsPage past = ListExportParts(500000, 10000, 20, 999999999);
  EXPECT_EQ(past.parts.front().number, 41);
  EXPECT_EQ(past.parts.back().number, 50);
  EXPECT_EQ(past.parts.back().first, 1);
  EXPECT_FALSE(past.older_from);
  EXPECT_EQ(past.newer_from, 20);
  EXPECT_TRUE(ListExportParts(0, 10000, 20, 0).parts.empty());
}

}  // namespace
}  // namespace ams::web::pages
