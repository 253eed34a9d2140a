#include "web/api/api_support.h"

#include <gtest/gtest.h>

namespace ams::web::api {
namespace {

HttpRequest WithQuery(std::string raw_query) {
  HttpRequest r;
  r.raw_query = std::move(raw_query);
  return r;
}

TEST(IntQueryTest, RejectsBadInputWithTheRulesReason) {
  static const struct {
    const char* query;
    const char* why;
  } kCases[] = {
      {"limit=abc", "not digits"},
      {"limit=12a", "trailing letter"},
      {"limit=-1", "negative: no sign is accepted"},
      {"limit=%2B5", "plus sign"},
      {"limit=+5", "'+' decodes to a space"},
      {"limit=%205", "leading space"},
      {"limit=0x10", "hexadecimal"},
      {"limit=1.5", "decimal point"},
      {"limit=%EF%BC%95", "fullwidth digit five"},
      {"limit=9223372036854775808", "int64 overflow"},
      {"limit=99999999999999999999999", "far beyond int64"},
      {"limit=0000000000000000001", "19 characters, even if the value is small"},
      {"limit=101", "above the rule's max"},
      {"limit=0", "below the rule's min"},
      {"limit=", "empty, and the rule does not treat it as absent"},
  };
  const IntRule rule{.min = 1, .max = 100};
  for (const auto& c : kCases) {
    Result<int64_t> v = IntQuery(WithQuery(c.query), "limit", 20, rule);
    ASSERT_FALSE(v.ok()) << c.why << ": got " << *v;
    EXPECT_EQ(v.status().code(), Code::kInvalidArgument) << c.why;
    EXPECT_EQ(v.status().reason(), "invalid_limit") << c.why;
    EXPECT_EQ(v.status().detail(), "limit: 1..100") << c.why;
  }
}

TEST(IntQueryTest, AcceptsDigitsWithinBounds) {
  EXPECT_EQ(IntQuery(WithQuery("limit=1"), "limit", 20, {.min = 1, .max = 100}).value(), 1);
  EXPECT_EQ(IntQuery(WithQuery("limit=100"), "limit", 20, {.min = 1, .max = 100}).value(), 100);
  EXPECT_EQ(IntQuery(WithQuery("limit=007"), "limit", 20).value(), 7) << "leading zeros";
  EXPECT_EQ(IntQuery(WithQuery("id=999999999999999999"), "id", 0).value(), 999999999999999999)
      << "18 digits, the default max";
  EXPECT_EQ(IntQuery(WithQuery("limit=5&limit=6"), "limit", 20).value(), 5) << "first wins";
}

TEST(IntQueryTest, AbsentGivesTheFallbackAndEmptyOnlyWhenTheRuleSaysSo) {
  EXPECT_EQ(IntQuery(WithQuery(""), "limit", 20).value(), 20);
  EXPECT_EQ(IntQuery(WithQuery("other=3"), "limit", 20).value(), 20);
  EXPECT_EQ(IntQuery(WithQuery("limit="), "limit", 20, {.empty_is_absent = true}).value(), 20);
  EXPECT_EQ(OptionalIntQuery(WithQuery("limit="), "limit", {.empty_is_absent = true}).value(),
            std::nullopt);
  EXPECT_EQ(OptionalIntQuery(WithQuery("limit=4"), "limit").value(), std::optional<int64_t>(4));
  EXPECT_EQ(IntQuery(WithQuery("limit=x"), "limit", 20, {.empty_is_absent = true}).status().reason(),
            "invalid_limit")
      << "empty_is_absent forgives only the empty value";
}

TEST(IntQueryTest, ReasonCanBeShared) {
  Result<int64_t> v = IntQuery(WithQuery("account_id=1e3"), "account_id", 0, {.reason = "invalid_id"});
  EXPECT_EQ(v.status().reason(), "invalid_id");
}

TEST(IntParamTest, PathParameterKeepsInvalidId) {
  HttpRequest r;
  r.params["id"] = "42";
  EXPECT_EQ(IntParam(r, "id").value(), 42);
  for (const char* bad : {"", "-1", "4x", "1234567890123456789"}) {
    r.params["id"] = bad;
    EXPECT_EQ(IntParam(r, "id").status().reason(), "invalid_id") << "'" << bad << "'";
  }
  EXPECT_EQ(IntParam(HttpRequest{}, "id").status().reason(), "invalid_id") << "missing";
}

}  // namespace
}  // namespace ams::web::api
