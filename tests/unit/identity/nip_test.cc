#include "identity/nip.h"

#include <gtest/gtest.h>

namespace ams::identity {
namespace {

TEST(NipTest, AcceptsWellFormedNumbers) {
  static const struct {
    const char* input;
    const char* why;
  } kCases[] = {
      {"198505122010011001", "man born 1985-05-12, appointed 2010-01"},
      {"198505122010012001", "woman"},
      {"200002292022031001", "29 February of a leap year divisible by 400"},
      {"198802292012121002", "29 February of an ordinary leap year"},
      {"199012312015061999", "31 December, sequence 999"},
      {"199001012015061000", "sequence 000: DATA.md sets no rule for it"},
      {"198505122985061001", "appointment far in the future: not our rule to judge"},
      {"198505121985061001", "appointed the month after birth: odd but 'after'"},
  };
  for (const auto& c : kCases) {
    Result<Nip> nip = Nip::Parse(c.input);
    ASSERT_TRUE(nip.ok()) << c.why << ": " << nip.status().ToString();
    EXPECT_EQ(nip->value(), c.input) << c.why;
  }
}

TEST(NipTest, RejectsMalformedInput) {
  static const struct {
    const char* input;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"19850512201001100", "17 digits"},
      {"1985051220100110011", "19 digits"},
      {"19850512201001100l", "letter l instead of one"},
      {"198505122010011001 ", "trailing space"},
      {"19850512 201001 1 001", "spaces between the groups"},
      {"1985051220'OR'1'='", "SQL metacharacters"},
      {"198502302010011001", "30 February"},
      {"190002292010011001", "29 February 1900: not a leap year"},
      {"198502292010011001", "29 February 1985: not a leap year"},
      {"198504312010011001", "31 April"},
      {"198500122010011001", "month 00"},
      {"198513122010011001", "month 13"},
      {"198505002010011001", "day 00"},
      {"189905122010011001", "born before 1900"},
      {"000005122010011001", "year 0000"},
      {"198505122010001001", "appointment month 00"},
      {"198505122010131001", "appointment month 13"},
      {"198505121980011001", "appointment before birth"},
      {"198505121985051001", "appointment in the month of birth"},
      {"198505121985041001", "appointment the month before birth"},
      {"198505122010010001", "gender digit 0"},
      {"198505122010013001", "gender digit 3"},
      {"198505122010019001", "gender digit 9"},
  };
  for (const auto& c : kCases) {
    Result<Nip> nip = Nip::Parse(c.input);
    ASSERT_FALSE(nip.ok()) << c.why;
    EXPECT_EQ(nip.status().reason(), "invalid_nip") << c.why;
    EXPECT_EQ(nip.status().code(), Code::kInvalidArgument) << c.why;
  }
}

TEST(NipTest, DecodesFields) {
  Result<Nip> nip = Nip::Parse("198505122010032042");
  ASSERT_TRUE(nip.ok());
  EXPECT_EQ(nip->birth_year(), 1985);
  EXPECT_EQ(nip->birth_month(), 5);
  EXPECT_EQ(nip->birth_day(), 12);
  EXPECT_EQ(nip->appointment_year(), 2010);
  EXPECT_EQ(nip->appointment_month(), 3);
  EXPECT_TRUE(nip->is_female());
  EXPECT_EQ(nip->sequence(), 42);
}

TEST(NipTest, BirthDatesAgreeComparesDayMonthAndTwoDigitYear) {
  static const struct {
    const char* nik;
    const char* nip;
    bool agree;
    const char* why;
  } kCases[] = {
      {"3375011205850001", "198505122010011001", true, "same date, man"},
      {"3375015205850001", "198505122010012001", true, "same date, woman's NIK day + 40"},
      {"3375011205850001", "208505122100011001", true, "century is unknown in a NIK"},
      {"3375011305850001", "198505122010011001", false, "day differs"},
      {"3375011206850001", "198505122010011001", false, "month differs"},
      {"3375011205860001", "198505122010011001", false, "year differs"},
      {"3375011205050001", "200505122030011001", true, "year 05 vs 2005"},
  };
  for (const auto& c : kCases) {
    Result<Nik> nik = Nik::Parse(c.nik);
    Result<Nip> nip = Nip::Parse(c.nip);
    ASSERT_TRUE(nik.ok() && nip.ok()) << c.why;
    EXPECT_EQ(BirthDatesAgree(*nik, *nip), c.agree) << c.why;
  }
}

TEST(NipTest, GendersAgreeComparesNikDayWithGenderDigit) {
  Result<Nik> man = Nik::Parse("3375011205850001");
  Result<Nik> woman = Nik::Parse("3375015205850001");
  Result<Nip> male = Nip::Parse("198505122010011001");
  Result<Nip> female = Nip::Parse("198505122010012001");
  ASSERT_TRUE(man.ok() && woman.ok() && male.ok() && female.ok());
  EXPECT_TRUE(GendersAgree(*man, *male));
  EXPECT_TRUE(GendersAgree(*woman, *female));
  EXPECT_FALSE(GendersAgree(*man, *female));
  EXPECT_FALSE(GendersAgree(*woman, *male));
}

}  // namespace
}  // namespace ams::identity
