#include "auth/recovery_codes.h"

#include <gtest/gtest.h>

#include <set>

#include "base/encoding.h"
#include "unit/auth/fixed_random.h"

namespace ams::auth {
namespace {

// "xxxx-xxxx-xxxx" over Crockford's lower-case alphabet. (No std::regex: it
// trips -Wmaybe-uninitialized in sanitizer builds with GCC 12.)
bool HasDisplayShape(const std::string& code) {
  constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  if (code.size() != 14) return false;
  for (size_t i = 0; i < code.size(); ++i) {
    const bool hyphen_slot = i == 4 || i == 9;
    if (hyphen_slot != (code[i] == '-')) return false;
    if (!hyphen_slot && kAlphabet.find(code[i]) == std::string_view::npos) return false;
  }
  return true;
}

TEST(RecoveryCodesTest, GeneratesTenDistinctWellFormedCodes) {
  SecureRandom random;
  RecoveryCodes codes = GenerateRecoveryCodes(random);
  ASSERT_EQ(codes.plaintext.size(), 10u);
  ASSERT_EQ(codes.hashes.size(), 10u);
  std::set<std::string> seen;
  for (size_t i = 0; i < codes.plaintext.size(); ++i) {
    const std::string& code = codes.plaintext[i].reveal();
    EXPECT_TRUE(HasDisplayShape(code)) << code;
    EXPECT_EQ(codes.hashes[i], *HashRecoveryCode(code)) << "hashes in the same order";
    EXPECT_EQ(codes.hashes[i].size(), 64u);
    EXPECT_EQ(codes.hashes[i].find(code), std::string::npos);
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 10u);
}

TEST(RecoveryCodesTest, UsesEveryAlphabetCharacterFromRandomBytes) {
  // FixedRandom counts 0, 1, 2, ...: the low five bits walk the alphabet.
  testing::FixedRandom random(0);
  RecoveryCodes codes = GenerateRecoveryCodes(random, 3);
  ASSERT_EQ(codes.plaintext.size(), 3u);
  EXPECT_EQ(codes.plaintext[0].reveal(), "0123-4567-89ab");
  EXPECT_EQ(codes.plaintext[1].reveal(), "cdef-ghjk-mnpq");
  EXPECT_EQ(codes.plaintext[2].reveal(), "rstv-wxyz-0123");
}

TEST(RecoveryCodesTest, NormalisesWhatPeopleType) {
  static const struct {
    const char* input;
    const char* normal;
    const char* why;
  } kCases[] = {
      {"7k3m-q9xd-2fhp", "7k3mq9xd2fhp", "as shown"},
      {"7K3M-Q9XD-2FHP", "7k3mq9xd2fhp", "upper case"},
      {"7k3mq9xd2fhp", "7k3mq9xd2fhp", "without hyphens"},
      {" 7k3m q9xd 2fhp ", "7k3mq9xd2fhp", "spaces"},
      {"7k3m--q9xd\t2fhp", "7k3mq9xd2fhp", "doubled hyphen and a tab"},
      {"okim-q9xd-2fhp", "0k1mq9xd2fhp", "o reads as 0, i as 1"},
      {"L000-0000-0000", "100000000000", "L reads as 1"},
  };
  for (const auto& c : kCases) {
    std::optional<std::string> n = NormaliseRecoveryCode(c.input);
    ASSERT_TRUE(n.has_value()) << c.why;
    EXPECT_EQ(*n, c.normal) << c.why;
  }
}

TEST(RecoveryCodesTest, RejectsMalformedCodes) {
  static const struct {
    const char* input;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"7k3m-q9xd-2fh", "11 characters"},
      {"7k3m-q9xd-2fhpp", "13 characters"},
      {"7k3m-q9xd-2fhu", "u is not in the alphabet"},
      {"7k3m-q9xd-2fh!", "symbol"},
      {"7k3m'; --2fhp", "SQL metacharacters"},
      {"7k3m-q9xd-2fh\xc3\xa9", "non-ASCII"},
  };
  for (const auto& c : kCases) {
    EXPECT_FALSE(NormaliseRecoveryCode(c.input).has_value()) << c.why;
    Result<std::string> hash = HashRecoveryCode(c.input);
    ASSERT_FALSE(hash.ok()) << c.why;
    EXPECT_EQ(hash.status().reason(), "invalid_recovery_code") << c.why;
  }
}

TEST(RecoveryCodesTest, HashIsSha256OfTheNormalForm) {
  EXPECT_EQ(*HashRecoveryCode("7K3M Q9XD 2FHP"), Sha256Hex("7k3mq9xd2fhp"));
  EXPECT_EQ(*HashRecoveryCode("7k3m-q9xd-2fhp"), *HashRecoveryCode("7K3MQ9XD2FHP"));
}

TEST(RecoveryCodesTest, FindsTheMatchingStoredHash) {
  SecureRandom random;
  RecoveryCodes codes = GenerateRecoveryCodes(random);
  std::string typed = codes.plaintext[6].reveal();
  for (char& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(FindRecoveryCode(typed, codes.hashes), std::optional<size_t>(6));
  EXPECT_EQ(FindRecoveryCode("0000-0000-0000", codes.hashes), std::nullopt);
  EXPECT_EQ(FindRecoveryCode("garbage", codes.hashes), std::nullopt);
  EXPECT_EQ(FindRecoveryCode(codes.plaintext[0].reveal(), {}), std::nullopt);
}

}  // namespace
}  // namespace ams::auth
