#include "ca/revocation_reason.h"

#include <gtest/gtest.h>

namespace ams::ca {
namespace {

TEST(RevocationReasonTest, ParsesRfcNamesAndRoundTrips) {
  static const struct {
    const char* name;
    RevocationReason reason;
    int code;
  } kCases[] = {
      {"unspecified", RevocationReason::kUnspecified, 0},
      {"keyCompromise", RevocationReason::kKeyCompromise, 1},
      {"affiliationChanged", RevocationReason::kAffiliationChanged, 3},
      {"superseded", RevocationReason::kSuperseded, 4},
      {"cessationOfOperation", RevocationReason::kCessationOfOperation, 5},
  };
  for (const auto& c : kCases) {
    Result<RevocationReason> r = ParseRevocationReason(c.name);
    ASSERT_TRUE(r.ok()) << c.name;
    EXPECT_EQ(*r, c.reason) << c.name;
    EXPECT_STREQ(ToString(*r), c.name);
    EXPECT_EQ(RfcCode(*r), c.code) << c.name;
    EXPECT_EQ(FromRfcCode(c.code), c.reason) << c.name;
  }
}

TEST(RevocationReasonTest, RejectsUnknownNames) {
  static const struct {
    const char* input;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"KeyCompromise", "wrong case"},
      {"cACompromise", "a CA reason users cannot pick"},
      {"removeFromCRL", "delta-CRL only"},
      {"1", "a code, not a name"},
  };
  for (const auto& c : kCases) {
    Result<RevocationReason> r = ParseRevocationReason(c.input);
    ASSERT_FALSE(r.ok()) << c.why;
    EXPECT_EQ(r.status().reason(), "revocation_reason_unknown") << c.why;
  }
  EXPECT_FALSE(FromRfcCode(2).has_value()) << "cACompromise";
  EXPECT_FALSE(FromRfcCode(8).has_value()) << "removeFromCRL";
}

}  // namespace
}  // namespace ams::ca
