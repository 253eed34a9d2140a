#include "ca/cert_info.h"

#include <gtest/gtest.h>

#include "ca_test_util.h"

namespace ams::ca {
namespace {

TEST(CertInfoTest, DescribesTheRootAndTheIssuingCa) {
  const CaHierarchy& h = catest::SharedHierarchy();
  Result<CertificateInfo> root = DescribeCertificate(h.root().der);
  ASSERT_TRUE(root.ok()) << root.status().ToString();
  EXPECT_NE(root->subject.find("CN=AMS Root CA"), std::string::npos) << root->subject;
  EXPECT_EQ(root->subject, root->issuer) << "self-signed";
  EXPECT_EQ(root->key_type, "ecdsa-p256");
  EXPECT_LT(root->not_before, root->not_after);
  // 32 bytes as "AB:" pairs, the last without a colon.
  EXPECT_EQ(root->sha256_fingerprint.size(), 32u * 3 - 1);
  EXPECT_FALSE(root->serial_hex.empty());

  Result<CertificateInfo> issuing = DescribeCertificate(h.issuing().der);
  ASSERT_TRUE(issuing.ok());
  EXPECT_EQ(issuing->issuer, root->subject);
  EXPECT_NE(issuing->sha256_fingerprint, root->sha256_fingerprint);
}

TEST(CertInfoTest, RefusesWhatIsNotACertificate) {
  const std::string der = catest::SharedHierarchy().root().der;
  for (const std::string& bad : {std::string(), std::string("garbage"), der.substr(0, der.size() - 1),
                                 der + "x"}) {
    Result<CertificateInfo> info = DescribeCertificate(bad);
    ASSERT_FALSE(info.ok());
    EXPECT_EQ(info.status().reason(), "certificate_malformed");
  }
}

}  // namespace
}  // namespace ams::ca
