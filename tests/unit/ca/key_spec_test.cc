#include "ca/key_spec.h"

#include <gtest/gtest.h>

namespace ams::ca {
namespace {

TEST(KeySpecTest, ParsesConfigNames) {
  for (KeySpec spec : {KeySpec::kEcP256, KeySpec::kEcP384, KeySpec::kRsa2048, KeySpec::kRsa3072}) {
    Result<KeySpec> parsed = ParseKeySpec(ToString(spec));
    ASSERT_TRUE(parsed.ok()) << ToString(spec);
    EXPECT_EQ(*parsed, spec);
  }
  for (const char* bad : {"", "ecdsa-p224", "rsa-1024", "ed25519", "ECDSA-P256"}) {
    Result<KeySpec> parsed = ParseKeySpec(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().reason(), "key_spec_unknown") << bad;
  }
}

TEST(KeySpecTest, GeneratesKeysOfTheRightKind) {
  static const struct {
    KeySpec spec;
    int base_id;
    int bits;
  } kCases[] = {
      {KeySpec::kEcP256, EVP_PKEY_EC, 256},
      {KeySpec::kEcP384, EVP_PKEY_EC, 384},
      {KeySpec::kRsa2048, EVP_PKEY_RSA, 2048},
  };
  for (const auto& c : kCases) {
    Result<ossl::PkeyPtr> key = GenerateKey(c.spec);
    ASSERT_TRUE(key.ok()) << ToString(c.spec);
    EXPECT_EQ(EVP_PKEY_get_base_id(key->get()), c.base_id) << ToString(c.spec);
    EXPECT_EQ(EVP_PKEY_get_bits(key->get()), c.bits) << ToString(c.spec);
  }
}

}  // namespace
}  // namespace ams::ca
