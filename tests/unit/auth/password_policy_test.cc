#include "auth/password_policy.h"

#include <gtest/gtest.h>

namespace ams::auth {
namespace {

constexpr char kEmail[] = "siti.rahmawati@pekalongankota.go.id";
constexpr char kName[] = "Dr. Siti Rahmawati, S.Kom., M.T.";

TEST(PasswordPolicyTest, AcceptsReasonablePasswords) {
  static const struct {
    std::string password;
    const char* why;
  } kCases[] = {
      {"correct horse battery staple", "passphrase"},
      {"kopi tubruk pagi hari", "Indonesian passphrase"},
      {"Tr0ub4dor&3x", "classic mixed"},
      {"aaaaaaaaab1", "three distinct characters are enough"},
      {"\xea\xa6\xa0\xea\xa6\xba\xea\xa6\xb4\xea\xa6\xa0\xea\xa6\xba\xea\xa6\xb4\xea\xa6\xa0\xea"
       "\xa6"
       "\xba\xea\xa6\xb4\xea\xa6\xa0",
       "10 Javanese code points (30 bytes)"},
      {"zq8#Lm2!vR", "exactly 10 characters"},
      {std::string(126, 'x') + "yz", "exactly 128 characters"},
      {"my cat is named Ali!", "name words under 4 letters are not checked"},
  };
  for (const auto& c : kCases) {
    Status s = CheckPasswordPolicy(SecretString(c.password), kEmail, kName);
    EXPECT_TRUE(s.ok()) << c.why << ": " << s.ToString();
  }
}

TEST(PasswordPolicyTest, RejectsWeakPasswordsWithAReason) {
  static const struct {
    std::string password;
    const char* reason;
    const char* why;
  } kCases[] = {
      {"", "password_too_short", "empty"},
      {"zq8#Lm2!v", "password_too_short", "9 characters"},
      {"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa8", "password_too_short",
       "5 code points in 10 bytes: counted as 5"},
      {std::string(127, 'x') + "yz", "password_too_long", "129 characters"},
      {"password123", "password_too_common", "deny-list"},
      {"PASSWORD123", "password_too_common", "deny-list, any case"},
      {"qwertyuiop", "password_too_common", "keyboard row"},
      {"1234567890", "password_too_common", "digits in order"},
      {"admin12345", "password_too_common", "admin"},
      {"Pekalongan2024!", "password_too_common", "city name plus year and symbol"},
      {"bismillah123", "password_too_common", "common stem plus digits"},
      {"katasandi!!!", "password_too_common", "'password' in Indonesian"},
      {"aaaaaaaaaaaa", "password_too_common", "one character"},
      {"abababababab", "password_too_common", "two characters"},
      {"siti.rahmawati2024", "password_contains_email", "whole local part"},
      {"Rahmawati#2024!x", "password_contains_email", "a piece of the local part, any case"},
      {"xx-SITI.RAHMAWATI-xx", "password_contains_email", "local part in capitals"},
      {std::string("abc\ndefghijk"), "password_invalid", "newline"},
      {std::string("abcdefghij\0k", 12), "password_invalid", "NUL"},
      {"abcdefghij\xff", "password_invalid", "invalid UTF-8"},
  };
  for (const auto& c : kCases) {
    Status s = CheckPasswordPolicy(SecretString(c.password), kEmail, kName);
    ASSERT_FALSE(s.ok()) << c.why;
    EXPECT_EQ(s.reason(), c.reason) << c.why;
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << c.why;
    if (c.password.size() >= 4) {
      EXPECT_EQ(s.detail().find(c.password), std::string::npos)
          << c.why << ": the detail must not echo the password";
    }
  }
}

TEST(PasswordPolicyTest, RejectsNameWords) {
  Status s = CheckPasswordPolicy(SecretString("budisantoso-2024"), "bs@pekalongankota.go.id",
                                 "Budi Santoso");
  EXPECT_EQ(s.reason(), "password_contains_name");
}

TEST(PasswordPolicyTest, SkipsContextChecksWithoutContext) {
  Status s = CheckPasswordPolicy(SecretString("siti.rahmawati2024"), "", "");
  EXPECT_TRUE(s.ok()) << s.ToString();
}

}  // namespace
}  // namespace ams::auth
