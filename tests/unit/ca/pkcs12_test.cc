#include "ca/pkcs12.h"

#include <gtest/gtest.h>

#include "ca_test_util.h"

namespace ams::ca {
namespace {

using catest::RunCommand;

TEST(Pkcs12Test, GeneratesAKeyTheApplicantCanOpenWithThePassphrase) {
  SecureRandom random;
  Result<Issuer> issuer = Issuer::Create(catest::SharedHierarchy().issuing(), random);
  ASSERT_TRUE(issuer.ok());
  Result<GeneratedCredential> cred =
      GenerateKeyAndPkcs12(*issuer, KeySpec::kEcP256, catest::TestSubject(), catest::TestProfile(),
                           SecretString("rahasia-sekali"), catest::TestNow());
  ASSERT_TRUE(cred.ok()) << cred.status().ToString();

  // Our own parse: key matches the certificate, CA cert included.
  const auto* p = reinterpret_cast<const unsigned char*>(cred->pkcs12_der.data());
  ossl::Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(cred->pkcs12_der.size())));
  ASSERT_TRUE(p12);
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  ASSERT_EQ(PKCS12_parse(p12.get(), "rahasia-sekali", &key, &cert, &ca), 1);
  ossl::PkeyPtr key_owner(key);
  ossl::X509Ptr cert_owner(cert);
  ossl::X509StackPtr ca_owner(ca);
  EXPECT_EQ(X509_check_private_key(cert, key), 1);
  EXPECT_EQ(ossl::ToDer(i2d_X509, cert), cred->certificate.der);
  ASSERT_EQ(sk_X509_num(ca), 1);
  EXPECT_EQ(ossl::ToDer(i2d_X509, sk_X509_value(ca, 0)), catest::SharedHierarchy().issuing().der);
  EXPECT_NE(PKCS12_parse(p12.get(), "wrong-passphrase", &key, &cert, &ca), 1);

  // The independent client sees AES-256-CBC with PBKDF2 and a SHA-256 MAC.
  catest::TempDir dir;
  catest::WriteFile(dir.File("u.p12"), cred->pkcs12_der);
  catest::CommandResult info = RunCommand("openssl pkcs12 -info -noout -in " + dir.File("u.p12") +
                                          " -passin pass:rahasia-sekali");
  EXPECT_EQ(info.exit_code, 0) << info.output;
  EXPECT_NE(info.output.find("MAC: sha256"), std::string::npos) << info.output;
  const std::string kPbes2 = "PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256";
  EXPECT_NE(info.output.find("Shrouded Keybag: " + kPbes2), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("PKCS7 Encrypted data: " + kPbes2), std::string::npos) << info.output;
  EXPECT_EQ(info.output.find("RC2"), std::string::npos) << info.output;
  EXPECT_EQ(info.output.find("3DES"), std::string::npos) << info.output;
}

TEST(Pkcs12Test, RejectsShortPassphrases) {
  SecureRandom random;
  Result<Issuer> issuer = Issuer::Create(catest::SharedHierarchy().issuing(), random);
  ASSERT_TRUE(issuer.ok());
  Result<GeneratedCredential> cred =
      GenerateKeyAndPkcs12(*issuer, KeySpec::kEcP256, catest::TestSubject(), catest::TestProfile(),
                           SecretString("short"), catest::TestNow());
  ASSERT_FALSE(cred.ok());
  EXPECT_EQ(cred.status().reason(), "pkcs12_passphrase_too_short");
}

}  // namespace
}  // namespace ams::ca
