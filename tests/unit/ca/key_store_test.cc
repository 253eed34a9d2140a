#include "ca/key_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "ca/key_spec.h"
#include "ca_test_util.h"

namespace ams::ca {
namespace {

using catest::ReadAll;
using catest::RunCommand;
using catest::TempDir;

TEST(EncryptedFileKeyStoreTest, RoundTripsAKeyEncryptedAtRest) {
  TempDir dir;
  EncryptedFileKeyStore store(dir.path(), SecretString("correct horse battery"));
  Result<ossl::PkeyPtr> key = GenerateKey(KeySpec::kEcP256);
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(store.Put("issuing", key->get()).ok());

  Result<ossl::PkeyPtr> loaded = store.Get("issuing");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(EVP_PKEY_eq(key->get(), loaded->get()), 1);

  const std::string path = store.PathFor("issuing").string();
  const std::string pem = ReadAll(path);
  EXPECT_NE(pem.find("BEGIN ENCRYPTED PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(pem.find("correct horse"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // An independent client agrees on the encryption: PBES2, scrypt, AES-256-CBC.
  catest::CommandResult info = RunCommand("openssl asn1parse -in " + path);
  EXPECT_NE(info.output.find("PBES2"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find(":scrypt"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("aes-256-cbc"), std::string::npos) << info.output;
  catest::CommandResult decrypt =
      RunCommand("openssl pkey -in " + path + " -passin pass:'correct horse battery' -noout");
  EXPECT_EQ(decrypt.exit_code, 0) << decrypt.output;
}

TEST(EncryptedFileKeyStoreTest, WrongPassphraseIsAClearError) {
  TempDir dir;
  Result<ossl::PkeyPtr> key = GenerateKey(KeySpec::kEcP256);
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(
      EncryptedFileKeyStore(dir.path(), SecretString("right")).Put("root", key->get()).ok());

  EncryptedFileKeyStore wrong(dir.path(), SecretString("wrong-passphrase-123"));
  Result<ossl::PkeyPtr> loaded = wrong.Get("root");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().reason(), "ca_key_passphrase_wrong");
  EXPECT_EQ(loaded.status().detail().find("wrong-passphrase-123"), std::string::npos);
}

TEST(EncryptedFileKeyStoreTest, RejectsBadNamesDuplicatesAndMissingKeys) {
  TempDir dir;
  EncryptedFileKeyStore store(dir.path(), SecretString("pass"));
  Result<ossl::PkeyPtr> key = GenerateKey(KeySpec::kEcP256);
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(store.Put("ocsp", key->get()).ok());

  EXPECT_EQ(store.Put("ocsp", key->get()).reason(), "ca_key_exists");
  for (const char* bad : {"", "../etc/passwd", "Root", "a/b", "x.y"}) {
    EXPECT_EQ(store.Put(bad, key->get()).reason(), "ca_key_name_invalid") << bad;
  }
  Result<ossl::PkeyPtr> missing = store.Get("issuing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().reason(), "ca_key_not_found");
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace ams::ca
