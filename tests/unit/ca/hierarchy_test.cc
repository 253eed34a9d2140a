#include "ca/hierarchy.h"

#include <gtest/gtest.h>

#include "ca/ossl/util.h"
#include "ca_test_util.h"

namespace ams::ca {
namespace {

using catest::RunCommand;
using catest::TempDir;

std::string Text(X509* cert) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  X509_print(bio.get(), cert);
  return ossl::BioContents(bio.get());
}

TEST(CaHierarchyTest, ChainVerifiesWithOpenssl) {
  const CaHierarchy& h = catest::SharedHierarchy();
  TempDir dir;
  catest::WriteChain(h, dir);
  catest::CommandResult r =
      RunCommand("openssl verify -CAfile " + dir.File("root.pem") + " " + dir.File("issuing.pem"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = RunCommand("openssl verify -CAfile " + dir.File("root.pem") + " -untrusted " +
                 dir.File("issuing.pem") + " -purpose ocsphelper " + dir.File("ocsp.pem"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = RunCommand("cat " + dir.File("issuing.pem") + " " + dir.File("root.pem") + " > " +
                 dir.File("chain.pem") + " && certtool --verify-chain --infile " +
                 dir.File("chain.pem"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(CaHierarchyTest, CertificatesCarryTheCaExtensions) {
  const CaHierarchy& h = catest::SharedHierarchy();
  EXPECT_EQ(h.root().name, "root");
  EXPECT_EQ(h.issuing().name, "issuing");
  EXPECT_EQ(h.ocsp().name, "ocsp");

  const std::string root = Text(h.root().cert.get());
  EXPECT_NE(root.find("CN=AMS Root CA"), std::string::npos) << root;
  EXPECT_NE(root.find("O=Pemerintah Kota Pekalongan"), std::string::npos) << root;
  EXPECT_NE(root.find("C=ID"), std::string::npos) << root;

  const std::string issuing = Text(h.issuing().cert.get());
  EXPECT_NE(issuing.find("CA:TRUE, pathlen:0"), std::string::npos) << issuing;
  EXPECT_NE(issuing.find("Certificate Sign, CRL Sign"), std::string::npos) << issuing;
  EXPECT_NE(issuing.find("X509v3 Authority Key Identifier"), std::string::npos) << issuing;
  EXPECT_NE(issuing.find("X509v3 Subject Key Identifier"), std::string::npos) << issuing;

  const std::string ocsp = Text(h.ocsp().cert.get());
  EXPECT_NE(ocsp.find("OCSP Signing"), std::string::npos) << ocsp;
  EXPECT_NE(ocsp.find("OCSP No Check"), std::string::npos) << ocsp;
  EXPECT_NE(ocsp.find("CA:FALSE"), std::string::npos) << ocsp;
  EXPECT_LE(X509_cmp_time(X509_get0_notAfter(h.ocsp().cert.get()), nullptr), 1);
  EXPECT_LE(ASN1_TIME_compare(X509_get0_notAfter(h.ocsp().cert.get()),
                              X509_get0_notAfter(h.issuing().cert.get())),
            0);
}

TEST(CaHierarchyTest, SavesAndLoadsWithoutTheRootKey) {
  const CaHierarchy& h = catest::SharedHierarchy();
  TempDir dir;
  EncryptedFileKeyStore keys(dir.path(), SecretString("ca passphrase"));
  ASSERT_TRUE(h.Save(dir.path(), keys).ok());
  EXPECT_EQ(h.Save(dir.path(), keys).reason(), "ca_file_exists") << "never overwrites a CA";

  Result<CaHierarchy> loaded = CaHierarchy::Load(dir.path(), keys);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->root().der, h.root().der);
  EXPECT_EQ(loaded->issuing().der, h.issuing().der);
  EXPECT_EQ(loaded->ocsp().der, h.ocsp().der);
  EXPECT_EQ(loaded->root().key, nullptr);
  EXPECT_EQ(EVP_PKEY_eq(loaded->issuing().key.get(), h.issuing().key.get()), 1);

  EncryptedFileKeyStore wrong(dir.path(), SecretString("not it"));
  Result<CaHierarchy> denied = CaHierarchy::Load(dir.path(), wrong);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.status().reason(), "ca_key_passphrase_wrong");

  TempDir empty;
  Result<CaHierarchy> none = CaHierarchy::Load(empty.path(), keys);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().reason(), "ca_not_initialized");
}

TEST(CaHierarchyTest, HonoursKeySpecAndNames) {
  HierarchyOptions options;
  options.key_spec = KeySpec::kEcP384;
  options.root_common_name = "Test Root";
  options.issuing_validity_days = 30000;  // Longer than the root: clamped.
  FakeClock clock(catest::TestNow());
  SecureRandom random;
  Result<CaHierarchy> h = CaHierarchy::Create(options, clock, random);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(EVP_PKEY_get_bits(h->issuing().key.get()), 384);
  EXPECT_EQ(ASN1_TIME_compare(X509_get0_notAfter(h->issuing().cert.get()),
                              X509_get0_notAfter(h->root().cert.get())),
            0);
  EXPECT_NE(Text(h->root().cert.get()).find("CN=Test Root"), std::string::npos);
  EXPECT_NE(Text(h->root().cert.get()).find("ecdsa-with-SHA384"), std::string::npos);

  options.root_validity_days = 0;
  Result<CaHierarchy> bad = CaHierarchy::Create(options, clock, random);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "profile_invalid");
}

}  // namespace
}  // namespace ams::ca
