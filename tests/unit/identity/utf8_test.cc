#include "identity/utf8.h"

#include <gtest/gtest.h>

namespace ams::identity {
namespace {

TEST(Utf8Test, DecodesWellFormedText) {
  static const struct {
    std::string input;
    std::u32string expected;
    const char* why;
  } kCases[] = {
      {"", U"", "empty"},
      {"abc", U"abc", "ASCII"},
      {"\xc3\xa9", U"\u00e9", "two bytes"},
      {"\xe2\x82\xac", U"\u20ac", "three bytes"},
      {"\xf0\x9f\x98\x80", U"\U0001F600", "four bytes"},
      {"\xf4\x8f\xbf\xbf", U"\U0010FFFF", "highest code point"},
      {"\xef\xbf\xbd", U"\uFFFD", "replacement character"},
  };
  for (const auto& c : kCases) {
    std::optional<std::u32string> out = DecodeUtf8(c.input);
    ASSERT_TRUE(out.has_value()) << c.why;
    EXPECT_EQ(*out, c.expected) << c.why;
  }
}

TEST(Utf8Test, RejectsMalformedText) {
  static const struct {
    std::string input;
    const char* why;
  } kCases[] = {
      {"\x80", "lone continuation byte"},
      {"\xc3", "truncated two-byte sequence"},
      {"\xe2\x82", "truncated three-byte sequence"},
      {"\xc3\x28", "bad continuation byte"},
      {"\xc0\xaf", "overlong '/' (C0)"},
      {"\xc1\xbf", "overlong (C1)"},
      {"\xe0\x80\xaf", "overlong three-byte '/'"},
      {"\xf0\x80\x80\xaf", "overlong four-byte '/'"},
      {"\xed\xa0\x80", "high surrogate"},
      {"\xed\xbf\xbf", "low surrogate"},
      {"\xf4\x90\x80\x80", "above U+10FFFF"},
      {"\xf5\x80\x80\x80", "lead byte F5"},
      {"\xff", "byte FF"},
  };
  for (const auto& c : kCases) {
    EXPECT_FALSE(DecodeUtf8(c.input).has_value()) << c.why;
    EXPECT_FALSE(CountCodePoints(c.input).has_value()) << c.why;
  }
}

TEST(Utf8Test, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints("Siti"), 4u);
  EXPECT_EQ(CountCodePoints("Fran\xc3\xa7ois"), 8u);
  EXPECT_EQ(CountCodePoints("\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), 2u);
}

TEST(Utf8Test, TrimsOnlyOuterAsciiWhitespace) {
  EXPECT_EQ(TrimAsciiWhitespace(" \t a  b \r\n"), "a  b");
  EXPECT_EQ(TrimAsciiWhitespace("   "), "");
  EXPECT_EQ(TrimAsciiWhitespace(""), "");
  EXPECT_EQ(TrimAsciiWhitespace("\xc2\xa0x\xc2\xa0"), "\xc2\xa0x\xc2\xa0") << "NBSP is not trimmed";
}

TEST(Utf8Test, ClassifiesControlAndInvisibleCharacters) {
  EXPECT_TRUE(IsControl(0x00));
  EXPECT_TRUE(IsControl(0x1F));
  EXPECT_TRUE(IsControl(0x7F));
  EXPECT_TRUE(IsControl(0x85));
  EXPECT_FALSE(IsControl(' '));
  EXPECT_FALSE(IsControl(0xA0));
  for (char32_t c : {0x202Eu, 0x2066u, 0x200Bu, 0xFEFFu, 0xFFFEu, 0x1FFFFu, 0xFDD0u}) {
    EXPECT_TRUE(IsInvisibleOrSpoofing(c)) << std::hex << static_cast<uint32_t>(c);
  }
  for (char32_t c : {0x41u, 0xE9u, 0x2019u, 0x4E2Du}) {
    EXPECT_FALSE(IsInvisibleOrSpoofing(c)) << std::hex << static_cast<uint32_t>(c);
  }
}

}  // namespace
}  // namespace ams::identity
