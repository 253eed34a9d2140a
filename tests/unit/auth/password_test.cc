#include "auth/password.h"

#include <gtest/gtest.h>

namespace ams::auth {
namespace {

const PasswordHashLimits kFast = PasswordHashLimits::MinimumForTests();

TEST(PasswordTest, HashVerifiesOnlyTheSamePassword) {
  Result<std::string> hash = HashPassword(SecretString("correct horse battery"), kFast);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$v=19$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, SecretString("correct horse battery")));

  static const struct {
    std::string attempt;
    const char* why;
  } kWrong[] = {
      {"correct horse batter", "one character short"},
      {"correct horse battery ", "trailing space"},
      {"Correct horse battery", "case differs"},
      {"", "empty"},
      {std::string("correct horse battery\0x", 23), "extra bytes after a NUL"},
  };
  for (const auto& c : kWrong) {
    EXPECT_FALSE(VerifyPassword(*hash, SecretString(c.attempt))) << c.why;
  }
}

TEST(PasswordTest, SaltsEveryHash) {
  Result<std::string> a = HashPassword(SecretString("same password!"), kFast);
  Result<std::string> b = HashPassword(SecretString("same password!"), kFast);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*a, SecretString("same password!")));
  EXPECT_TRUE(VerifyPassword(*b, SecretString("same password!")));
}

TEST(PasswordTest, HashesNonAsciiPasswords) {
  const SecretString pw("kata sandi rahasia \xea\xa6\xa0\xea\xa6\xba \xf0\x9f\x94\x91");
  Result<std::string> hash = HashPassword(pw, kFast);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(VerifyPassword(*hash, pw));
}

TEST(PasswordTest, RejectsGarbageHashes) {
  static const struct {
    std::string hash;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"password", "plaintext in the column"},
      {"$argon2id$v=19$m=8,t=1,p=1$", "truncated"},
      {"5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", "bare SHA-256"},
      {std::string(500, '$'), "overlong"},
  };
  for (const auto& c : kCases) {
    EXPECT_FALSE(VerifyPassword(c.hash, SecretString("password"))) << c.why;
    EXPECT_TRUE(NeedsRehash(c.hash, kFast)) << c.why;
  }
}

TEST(PasswordTest, RefusesHugePasswords) {
  const SecretString huge(std::string(4097, 'a'));
  Result<std::string> hash = HashPassword(huge, kFast);
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.status().reason(), "password_too_long");
  Result<std::string> ok = HashPassword(SecretString(std::string(4096, 'a')), kFast);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(VerifyPassword(*ok, huge));
}

TEST(PasswordTest, NeedsRehashWhenLimitsChange) {
  Result<std::string> fast = HashPassword(SecretString("correct horse battery"), kFast);
  ASSERT_TRUE(fast.ok());
  EXPECT_FALSE(NeedsRehash(*fast, kFast));
  EXPECT_TRUE(NeedsRehash(*fast, PasswordHashLimits::Interactive()));
}

// The one test with the production limits: proves they work end to end.
TEST(PasswordTest, DefaultLimitsHashAndVerify) {
  Result<std::string> hash = HashPassword(SecretString("correct horse battery"));
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_NE(hash->find("m=65536,t=2,p=1"), std::string::npos) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, SecretString("correct horse battery")));
  EXPECT_FALSE(NeedsRehash(*hash));
}

TEST(PasswordTest, DummyHashIsStableAndMatchesNothingGuessable) {
  const std::string& dummy = DummyPasswordHash();
  EXPECT_EQ(&dummy, &DummyPasswordHash());
  EXPECT_EQ(dummy.rfind("$argon2id$", 0), 0u);
  EXPECT_FALSE(VerifyPassword(dummy, SecretString("")));
  EXPECT_FALSE(VerifyPassword(dummy, SecretString("password123")));
}

}  // namespace
}  // namespace ams::auth
