#include "identity/nik.h"

#include <gtest/gtest.h>

namespace ams::identity {
namespace {

TEST(NikTest, AcceptsWellFormedNumbers) {
  static const struct {
    const char* input;
    const char* why;
  } kCases[] = {
      {"3375011205850001", "man born 12-05-85 in Kota Pekalongan"},
      {"3375015205850002", "woman born 12-05-85: day + 40"},
      {"1101010101000001", "lowest province (11), day 01, month 01, year 00"},
      {"9471013112999999", "highest province (94), day 31, month 12, sequence 9999"},
      {"3375017112990001", "woman born on the 31st: day 71"},
      {"3375014101990001", "woman born on the 1st: day 41"},
  };
  for (const auto& c : kCases) {
    Result<Nik> nik = Nik::Parse(c.input);
    ASSERT_TRUE(nik.ok()) << c.why << ": " << nik.status().ToString();
    EXPECT_EQ(nik->value(), c.input) << c.why;
  }
}

TEST(NikTest, RejectsMalformedInput) {
  static const struct {
    const char* input;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"337501120585000", "15 digits"},
      {"33750112058500011", "17 digits"},
      {"337501120585000O", "letter O instead of zero"},
      {" 3375011205850001", "leading space"},
      {"3375011205850001 ", "trailing space"},
      {"3375-0112-0585-0001", "separators"},
      {"3375011205'; --1", "SQL metacharacters"},
      {"33750112058500'1", "a quote"},
      {"+375011205850001", "sign"},
      {"1075011205850001", "province 10 is below 11"},
      {"9575011205850001", "province 95 is above 94"},
      {"0075011205850001", "province 00"},
      {"3375010005850001", "day 00"},
      {"3375013205850001", "day 32 is neither a man's nor a woman's day"},
      {"3375014005850001", "day 40"},
      {"3375017205850001", "day 72 is above 71"},
      {"3375011200850001", "month 00"},
      {"3375011213850001", "month 13"},
      {"3375011205850000", "sequence 0000"},
      {"\xd9\xa3\xd9\xa3\xd9\xa7\xd9\xa5\x30\x31\x31\x32\x30\x35\x38\x35", "Arabic-Indic digits"},
  };
  for (const auto& c : kCases) {
    Result<Nik> nik = Nik::Parse(c.input);
    ASSERT_FALSE(nik.ok()) << c.why;
    EXPECT_EQ(nik.status().reason(), "invalid_nik") << c.why;
    EXPECT_EQ(nik.status().code(), Code::kInvalidArgument) << c.why;
    EXPECT_FALSE(nik.status().detail().empty()) << c.why;
  }
}

TEST(NikTest, RejectsEmbeddedNul) {
  const std::string with_nul("3375011205850\0001", 16);
  EXPECT_FALSE(Nik::Parse(with_nul).ok());
}

TEST(NikTest, DecodesBirthDateAndGender) {
  static const struct {
    const char* input;
    int day, month, year_2d;
    bool female;
    const char* why;
  } kCases[] = {
      {"3375011205850001", 12, 5, 85, false, "man"},
      {"3375015205850002", 12, 5, 85, true, "woman: 52 means the 12th"},
      {"3375014101000003", 1, 1, 0, true, "woman born on 1 January of a year ending 00"},
      {"3375013112990004", 31, 12, 99, false, "man born on 31 December"},
  };
  for (const auto& c : kCases) {
    Result<Nik> nik = Nik::Parse(c.input);
    ASSERT_TRUE(nik.ok()) << c.why;
    EXPECT_EQ(nik->birth_day(), c.day) << c.why;
    EXPECT_EQ(nik->birth_month(), c.month) << c.why;
    EXPECT_EQ(nik->birth_year_2d(), c.year_2d) << c.why;
    EXPECT_EQ(nik->is_female(), c.female) << c.why;
  }
}

TEST(NikTest, DecodesRegionCodesAndSequence) {
  Result<Nik> nik = Nik::Parse("3375021205850123");
  ASSERT_TRUE(nik.ok());
  EXPECT_EQ(nik->province_code(), 33);
  EXPECT_EQ(nik->regency_code(), 3375);
  EXPECT_EQ(nik->district_code(), 337502);
  EXPECT_EQ(nik->sequence(), 123);
}

}  // namespace
}  // namespace ams::identity
