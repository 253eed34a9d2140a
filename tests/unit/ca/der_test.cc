#include "ca/der.h"

#include <gtest/gtest.h>

#include "base/encoding.h"

namespace ams::ca::der {
namespace {

TEST(DerTest, EncodesLengthsInShortAndLongForm) {
  static const struct {
    size_t length;
    const char* header_hex;
  } kCases[] = {
      {0, "3000"},       {127, "307f"},       {128, "308180"},       {255, "3081ff"},
      {256, "30820100"}, {65535, "3082ffff"}, {65536, "3083010000"}, {50000000, "308402faf080"},
  };
  for (const auto& c : kCases) {
    std::string out;
    AppendHeader(out, kSequence, c.length);
    EXPECT_EQ(HexEncode(out), c.header_hex) << c.length;
    EXPECT_EQ(HeaderSize(c.length), out.size()) << c.length;
  }
}

TEST(DerTest, EncodesNonNegativeIntegersMinimally) {
  static const struct {
    uint64_t value;
    const char* hex;
  } kCases[] = {
      {0, "020100"},
      {1, "020101"},
      {127, "02017f"},
      {128, "02020080"},
      {256, "02020100"},
      {0x7fffffffffffffff, "02087fffffffffffffff"},
      {0xffffffffffffffff, "020900ffffffffffffffff"},
  };
  for (const auto& c : kCases) {
    std::string out;
    AppendUnsignedInteger(out, c.value);
    EXPECT_EQ(HexEncode(out), c.hex) << c.value;
  }
  const uint8_t padded[] = {0x00, 0x00, 0x05};
  std::string out;
  AppendUnsignedInteger(out, padded, sizeof(padded));
  EXPECT_EQ(HexEncode(out), "020105") << "leading zeros dropped";
}

TEST(DerTest, UsesUtcTimeThrough2049AndGeneralizedTimeAfter) {
  static const struct {
    int64_t unix_seconds;
    const char* text;
    uint8_t tag;
  } kCases[] = {
      {1795737600, "261127000000Z", kUtcTime},  // 2026-11-27
      {2524607999, "491231235959Z", kUtcTime},  // 2049-12-31T23:59:59
      {2524608000, "20500101000000Z", kGeneralizedTime},
      {-631152001, "19491231235959Z", kGeneralizedTime},
  };
  for (const auto& c : kCases) {
    std::string out;
    AppendTime(out, c.unix_seconds);
    ASSERT_GE(out.size(), 2u);
    EXPECT_EQ(static_cast<uint8_t>(out[0]), c.tag) << c.text;
    EXPECT_EQ(out.substr(2), c.text);
  }
}

}  // namespace
}  // namespace ams::ca::der
