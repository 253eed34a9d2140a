#include "identity/bounded_text.h"

#include <gtest/gtest.h>

namespace ams::identity {
namespace {

TEST(BoundedTextTest, AcceptsPrintableText) {
  static const struct {
    std::string input;
    std::string value;
    const char* why;
  } kCases[] = {
      {"Kepala Bidang Persandian dan Statistik", "Kepala Bidang Persandian dan Statistik",
       "position"},
      {"Pranata Komputer Ahli Muda", "Pranata Komputer Ahli Muda", "position"},
      {" Dinas Komunikasi dan Informatika (Diskominfo) ",
       "Dinas Komunikasi dan Informatika (Diskominfo)", "trimmed; parentheses are fine in text"},
      {"Sub-Bagian Umum & Kepegawaian 2", "Sub-Bagian Umum & Kepegawaian 2", "digits and &"},
      {"\u0628\u064a\u062a", "\u0628\u064a\u062a", "non-Latin script"},
      {std::string(128, 'x'), std::string(128, 'x'), "128 characters"},
  };
  for (const auto& c : kCases) {
    Result<std::string> text = ParseBoundedText("position", c.input);
    ASSERT_TRUE(text.ok()) << c.why << ": " << text.status().ToString();
    EXPECT_EQ(*text, c.value) << c.why;
  }
}

TEST(BoundedTextTest, RejectsEmptyOverlongAndInvisible) {
  static const struct {
    std::string input;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {" \t ", "only whitespace"},
      {std::string(129, 'x'), "129 characters"},
      {"Kepala\nDinas", "newline"},
      {"Kepala\tDinas", "tab"},
      {std::string("Kepala\0Dinas", 12), "NUL"},
      {"Kepala\x7f", "DEL"},
      {"Kepala\xc2\x9b", "C1 CSI"},
      {"Kepala\u202eDinas", "right-to-left override"},
      {"Kepala\u200bDinas", "zero-width space"},
      {"Kepala\xe0\x80\x80", "overlong UTF-8"},
      {"Kepala\xf4\x90\x80\x80", "above U+10FFFF"},
  };
  for (const auto& c : kCases) {
    Result<std::string> text = ParseBoundedText("unit", c.input);
    ASSERT_FALSE(text.ok()) << c.why;
    EXPECT_EQ(text.status().reason(), "invalid_text") << c.why;
    EXPECT_EQ(text.status().detail().rfind("unit: ", 0), 0u)
        << c.why << ": the detail names the field, got " << text.status().detail();
  }
}

TEST(BoundedTextTest, HonoursACustomLimit) {
  EXPECT_TRUE(ParseBoundedText("code", "ABCDEFGH", 8).ok());
  EXPECT_FALSE(ParseBoundedText("code", "ABCDEFGHI", 8).ok());
}

}  // namespace
}  // namespace ams::identity
