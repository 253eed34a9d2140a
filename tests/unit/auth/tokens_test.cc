#include "auth/tokens.h"

#include <gtest/gtest.h>

#include <set>

#include "base/encoding.h"
#include "unit/auth/fixed_random.h"

namespace ams::auth {
namespace {

TEST(TokensTest, NewTokenHasPrefixRandomPartAndItsHash) {
  SecureRandom random;
  NewTokenResult t = NewToken(random, "ams_");
  const std::string& plain = t.plaintext.reveal();
  ASSERT_EQ(plain.rfind("ams_", 0), 0u);
  EXPECT_EQ(plain.size(), 4u + 43u) << "32 bytes are 43 base64url characters";
  EXPECT_EQ(plain.find_first_not_of(
                "ams_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(t.hash, HashToken(plain));
  EXPECT_EQ(t.hash, Sha256Hex(plain));
  EXPECT_EQ(t.hash.size(), 64u);
  EXPECT_EQ(t.hash, HashToken(t.plaintext)) << "the SecretString overload agrees";
}

TEST(TokensTest, TokensAreDistinct) {
  SecureRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(NewToken(random).plaintext.reveal());
  EXPECT_EQ(seen.size(), 100u);
}

TEST(TokensTest, DeterministicWithAFixedRandom) {
  testing::FixedRandom a(7), b(7);
  EXPECT_EQ(NewToken(a, "amss_").hash, NewToken(b, "amss_").hash);
  testing::FixedRandom c(7);
  EXPECT_NE(NewToken(c, "ams_").hash, NewToken(b, "amss_").hash) << "prefix is hashed too";
}

TEST(TokensTest, ConstantTimeEqualsIsEquality) {
  static const struct {
    const char* a;
    const char* b;
    bool equal;
    const char* why;
  } kCases[] = {
      {"", "", true, "both empty"},
      {"abc", "abc", true, "same"},
      {"abc", "abd", false, "last byte differs"},
      {"xbc", "abc", false, "first byte differs"},
      {"abc", "abcd", false, "prefix"},
      {"abc", "", false, "one empty"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(ConstantTimeEquals(c.a, c.b), c.equal) << c.why;
  }
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)))
      << "bytes after a NUL count";
}

}  // namespace
}  // namespace ams::auth
