#include "ca/public_key.h"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>

#include "ca/csr.h"
#include "ca_test_util.h"

namespace ams::ca {
namespace {

std::string Spki(EVP_PKEY* key) { return ossl::ToDer(i2d_PUBKEY, key); }

TEST(PublicKeyTest, LoadsTheSameKeyOpensslDecodes) {
  for (const char* curve : {"P-256", "P-384"}) {
    ossl::PkeyPtr key = catest::EcKey(curve);
    const std::string der = Spki(key.get());
    Result<SpkiView> view = InspectSpki(der);
    ASSERT_TRUE(view.ok()) << curve;
    Result<ossl::PkeyPtr> loaded = LoadPublicKey(*view);
    ASSERT_TRUE(loaded.ok()) << curve;
    EXPECT_EQ(EVP_PKEY_eq(loaded->get(), key.get()), 1) << curve;
  }
  ossl::PkeyPtr rsa = ossl::UpRef(catest::SharedRsaKey());
  const std::string rsa_der = Spki(rsa.get());
  Result<SpkiView> view = InspectSpki(rsa_der);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->key_type, "rsa-2048");
  Result<ossl::PkeyPtr> loaded = LoadPublicKey(*view);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(EVP_PKEY_eq(loaded->get(), rsa.get()), 1);
}

TEST(PublicKeyTest, RejectsPointsOffTheCurve) {
  ossl::PkeyPtr key = catest::EcKey();
  std::string der = Spki(key.get());
  der.back() ^= 0x01;  // Last byte of Y: the point leaves the curve.
  Result<SpkiView> view = InspectSpki(der);
  ASSERT_TRUE(view.ok()) << "structure is fine";
  Result<ossl::PkeyPtr> loaded = LoadPublicKey(*view);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().reason(), "csr_malformed");
}

TEST(PublicKeyTest, InspectRejectsWithReasons) {
  ossl::PkeyPtr p256 = catest::EcKey();
  const std::string good = Spki(p256.get());
  std::string long_form = good;  // SEQUENCE with a non-minimal long-form length.
  long_form.replace(0, 2, std::string("\x30\x81", 2) + good[1]);
  std::string bad_unused_bits = good;
  bad_unused_bits[good.size() - 66] = 0x01;
  ossl::PkeyPtr x25519(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
  ossl::PkeyPtr rsa1024(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024}));
  ossl::PkeyPtr brainpool = catest::EcKey("brainpoolP256r1");
  const struct {
    std::string der;
    const char* reason;
    const char* why;
  } kCases[] = {
      {"", "csr_malformed", "empty"},
      {good.substr(0, good.size() - 1), "csr_malformed", "truncated"},
      {good + '\0', "csr_malformed", "trailing byte"},
      {long_form, "csr_malformed", "non-minimal length"},
      {bad_unused_bits, "csr_malformed", "unused bits in key"},
      {Spki(x25519.get()), "csr_key_unsupported", "X25519 cannot sign"},
      {Spki(rsa1024.get()), "csr_key_too_weak", "RSA-1024"},
      {Spki(brainpool.get()), "csr_key_unsupported", "brainpool"},
  };
  for (const auto& c : kCases) {
    Result<SpkiView> view = InspectSpki(c.der);
    ASSERT_FALSE(view.ok()) << c.why;
    EXPECT_EQ(view.status().reason(), c.reason) << c.why;
  }
}

TEST(PublicKeyTest, CsrsWithOtherSignatureAlgorithmsUseOpensslsPath) {
  // RSA-PSS and SHA-1 signatures are not on the fast path: they must still
  // verify (through X509_REQ_verify), and still fail when tampered with.
  catest::TempDir dir;
  {
    ossl::BioPtr bio(BIO_new_file(dir.File("k.pem").c_str(), "w"));
    ASSERT_EQ(PEM_write_bio_PrivateKey(bio.get(), catest::SharedRsaKey(), nullptr, nullptr, 0,
                                       nullptr, nullptr),
              1);
  }
  for (const std::string& opts :
       {std::string("-sha256 -sigopt rsa_padding_mode:pss"), std::string("-sha1")}) {
    catest::CommandResult req =
        catest::RunCommand("openssl req -new -key " + dir.File("k.pem") + " -subj /CN=x " + opts +
                           " -outform DER -out " + dir.File("r.der"));
    ASSERT_EQ(req.exit_code, 0) << req.output;
    std::string der = catest::ReadAll(dir.File("r.der"));
    Result<ParsedCsr> csr = ParseCsr(der);
    ASSERT_TRUE(csr.ok()) << opts << ": " << csr.status().ToString();
    EXPECT_EQ(csr->key_type, "rsa-2048");
    der.back() ^= 0x01;
    Result<ParsedCsr> bad = ParseCsr(der);
    ASSERT_FALSE(bad.ok()) << opts;
    EXPECT_EQ(bad.status().reason(), "csr_signature_invalid") << opts;
  }
}

}  // namespace
}  // namespace ams::ca
