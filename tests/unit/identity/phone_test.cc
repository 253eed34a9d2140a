#include "identity/phone.h"

#include <gtest/gtest.h>

namespace ams::identity {
namespace {

TEST(PhoneTest, AcceptsIndonesianMobileNumbers) {
  static const struct {
    const char* input;
    const char* e164;
    const char* why;
  } kCases[] = {
      {"081234567890", "+6281234567890", "national form"},
      {"+6281234567890", "+6281234567890", "international form"},
      {"6281234567890", "+6281234567890", "international without +"},
      {"0062 812 3456 7890", "+6281234567890", "00 dialling prefix"},
      {"+62 812-3456-7890", "+6281234567890", "spaces and hyphens"},
      {"0812.3456.7890", "+6281234567890", "dots"},
      {"  081234567890 ", "+6281234567890", "outer whitespace trimmed"},
      {"081234567", "+6281234567", "9 digits: shortest national form"},
      {"08123456789012", "+628123456789012", "14 digits: longest national form"},
  };
  for (const auto& c : kCases) {
    Result<Phone> phone = Phone::Parse(c.input);
    ASSERT_TRUE(phone.ok()) << c.why << ": " << phone.status().ToString();
    EXPECT_EQ(phone->e164(), c.e164) << c.why;
  }
}

TEST(PhoneTest, RejectsOtherInput) {
  static const struct {
    const char* input;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"   ", "only spaces"},
      {"08123456", "8 digits"},
      {"081234567890123", "15 digits nationally"},
      {"+62812345678901234", "too long internationally"},
      {"+6502812345678", "another country"},
      {"+1 415 555 0100", "US number"},
      {"0285421234", "Pekalongan landline: mobile numbers only"},
      {"+62285421234", "landline in international form"},
      {"+62081234567890", "+62 followed by the trunk 0"},
      {"8123456789", "no prefix"},
      {"0812-3456-789O", "letter O"},
      {"0812 3456 7890 ext 1", "extension"},
      {"(0812) 34567890", "parentheses"},
      {"081234567890;--", "SQL metacharacters"},
      {"0812345678\n90", "newline"},
      {"++6281234567890", "two plus signs"},
      {"62+81234567890", "plus in the middle"},
      {"+ 6281234567890", "separator before the first digit"},
      {"081234567890-", "trailing separator"},
      {"\xef\xbc\x90\xef\xbc\x98\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94\xef\xbc\x95"
       "\xef\xbc\x96\xef\xbc\x97\xef\xbc\x98",
       "fullwidth digits"},
  };
  for (const auto& c : kCases) {
    Result<Phone> phone = Phone::Parse(c.input);
    ASSERT_FALSE(phone.ok()) << c.why;
    EXPECT_EQ(phone.status().reason(), "invalid_phone") << c.why;
  }
}

TEST(PhoneTest, NationalFormRoundTrips) {
  Result<Phone> phone = Phone::Parse("+62 812 3456 7890");
  ASSERT_TRUE(phone.ok());
  EXPECT_EQ(phone->national(), "081234567890");
}

}  // namespace
}  // namespace ams::identity
