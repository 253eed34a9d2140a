#include "base/sealing_key.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "base/random.h"

namespace ams {
namespace {

SealingKey KeyOf(uint8_t fill) {
  std::array<uint8_t, SealingKey::kBytes> bytes;
  bytes.fill(fill);
  return SealingKey::FromBytes(bytes);
}

TEST(SealingKeyTest, SealedValuesOpenWithTheirKeyOnly) {
  SecureRandom random;
  const SealingKey key = KeyOf(1);
  const std::string secret("\x00\x01rahasia\xff", 10);
  const std::string sealed = key.Seal(secret, random);
  EXPECT_TRUE(SealingKey::IsSealed(sealed));
  EXPECT_EQ(sealed.find("rahasia"), std::string::npos);
  EXPECT_NE(key.Seal(secret, random), sealed) << "a fresh nonce each time";
  Result<std::string> opened = key.Open(sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, secret);

  EXPECT_EQ(KeyOf(2).Open(sealed).status().reason(), "sealed_value_unreadable");
  std::string altered = sealed;
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(key.Open(altered).status().reason(), "sealed_value_unreadable");
  for (const std::string& bad : {std::string("00ff00ff"), std::string(SealingKey::kPrefix),
                                 std::string(SealingKey::kPrefix) + "AAAA",
                                 std::string(SealingKey::kPrefix) + "bukan base64 !"}) {
    EXPECT_EQ(key.Open(bad).status().reason(), "sealed_value_unreadable") << bad;
  }
  EXPECT_FALSE(SealingKey::IsSealed("00ff00ff")) << "hex from before sealing";
}

TEST(SealingKeyTest, ExportedKeyComesBackOnlyWithItsPassphrase) {
  SecureRandom random;
  const SealingKey key = SealingKey::Generate(random);
  const std::string sealed = key.Seal("kode", random);
  const SecretString passphrase("frasa-sandi-ca-2026");
  const std::string exported = key.Export(passphrase, random);
  EXPECT_TRUE(exported.starts_with("AMSSK1"));

  Result<SealingKey> back = SealingKey::Import(exported, passphrase);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back->Open(sealed), "kode");

  EXPECT_EQ(SealingKey::Import(exported, SecretString("frasa-lain")).status().reason(),
            "sealing_key_unreadable");
  EXPECT_EQ(SealingKey::Import(exported.substr(0, exported.size() - 1), passphrase)
                .status()
                .reason(),
            "sealing_key_unreadable");
  std::string flipped = exported;
  flipped.back() = static_cast<char>(flipped.back() ^ 1);
  EXPECT_EQ(SealingKey::Import(flipped, passphrase).status().reason(), "sealing_key_unreadable");
  EXPECT_EQ(SealingKey::Import("", passphrase).status().reason(), "sealing_key_unreadable");
}

}  // namespace
}  // namespace ams
