#include "ca/issuer.h"

#include <gtest/gtest.h>

#include <thread>

#include "ca/csr.h"
#include "ca/serial.h"
#include "ca_test_util.h"

namespace ams::ca {
namespace {

using catest::RunCommand;
using catest::TempDir;
using catest::TestNow;

// Checks every extension of the profile with an independent parser
// (python3-cryptography); argv: leaf DER, issuing CA DER.
constexpr const char* kPythonLint = R"PY(
import sys, datetime
from cryptography import x509
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID, ExtensionOID, AuthorityInformationAccessOID
from cryptography.x509.name import _ASN1Type
from cryptography.hazmat.primitives.asymmetric import ec
leaf = x509.load_der_x509_certificate(open(sys.argv[1], 'rb').read())
ca = x509.load_der_x509_certificate(open(sys.argv[2], 'rb').read())
def check(cond, what):
    if not cond:
        print('FAIL:', what); sys.exit(1)
check(leaf.version == x509.Version.v3, 'v3')
check(0 < leaf.serial_number and leaf.serial_number.bit_length() <= 159, 'serial positive, <= 20 octets')
check(leaf.serial_number.bit_length() > 64, 'serial >= 64 random bits')
s = leaf.subject
def attr(oid):
    a = s.get_attributes_for_oid(oid)
    check(len(a) == 1, 'one %s' % oid); return a[0]
check(attr(NameOID.COMMON_NAME).value == 'Siti Nurhaliza \u1e62\u0101li\u1e25', 'CN')
check(attr(NameOID.COMMON_NAME)._type == _ASN1Type.UTF8String, 'CN UTF8String')
check(attr(NameOID.ORGANIZATION_NAME).value == 'Dinas Komunikasi dan Informatika', 'O')
check(attr(NameOID.ORGANIZATIONAL_UNIT_NAME).value == 'Bidang Persandian', 'OU')
check(attr(NameOID.TITLE).value == 'Pranata Komputer Ahli Muda', 'title')
check(attr(NameOID.TITLE)._type == _ASN1Type.UTF8String, 'title UTF8String')
check(attr(NameOID.COUNTRY_NAME).value == 'ID', 'C')
check(not s.get_attributes_for_oid(NameOID.SERIAL_NUMBER), 'no NIK/NIP by default')
check(leaf.issuer == ca.subject, 'issuer name')
ext = leaf.extensions
san = ext.get_extension_for_class(x509.SubjectAlternativeName)
check(not san.critical and san.value.get_values_for_type(x509.RFC822Name) == ['siti.nurhaliza@pekalongankota.go.id'], 'SAN')
ku = ext.get_extension_for_class(x509.KeyUsage)
check(ku.critical and ku.value.digital_signature and ku.value.content_commitment, 'KU')
check(not (ku.value.key_encipherment or ku.value.key_cert_sign or ku.value.crl_sign or ku.value.data_encipherment or ku.value.key_agreement), 'KU nothing else')
eku = ext.get_extension_for_class(x509.ExtendedKeyUsage)
check(not eku.critical and [o.dotted_string for o in eku.value] == ['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.36'], 'EKU')
bc = ext.get_extension_for_class(x509.BasicConstraints)
check(bc.critical and bc.value.ca is False, 'BC')
ski = ext.get_extension_for_class(x509.SubjectKeyIdentifier)
check(ski.value.digest == x509.SubjectKeyIdentifier.from_public_key(leaf.public_key()).digest, 'SKI')
aki = ext.get_extension_for_class(x509.AuthorityKeyIdentifier)
check(aki.value.key_identifier == ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest, 'AKI')
dp = ext.get_extension_for_class(x509.CRLDistributionPoints)
check([n.value for n in dp.value[0].full_name] == ['http://pki.pekalongankota.go.id/crl/issuing.crl'], 'CRL DP')
aia = ext.get_extension_for_class(x509.AuthorityInformationAccess)
got = [(d.access_method, d.access_location.value) for d in aia.value]
check(got == [(AuthorityInformationAccessOID.OCSP, 'http://pki.pekalongankota.go.id/ocsp'),
              (AuthorityInformationAccessOID.CA_ISSUERS, 'http://pki.pekalongankota.go.id/ca/issuing.crt')], 'AIA')
pol = ext.get_extension_for_class(x509.CertificatePolicies)
check([p.policy_identifier.dotted_string for p in pol.value] == ['2.16.360.1.1.1.1'], 'policies')
check(len(ext) == 9, 'exactly nine extensions, got %d' % len(ext))
critical = sorted(e.oid.dotted_string for e in ext if e.critical)
check(critical == ['2.5.29.15', '2.5.29.19'], 'only KU and BC critical')
check(ca.not_valid_before <= leaf.not_valid_before and leaf.not_valid_after <= ca.not_valid_after, 'validity inside issuer')
check(leaf.not_valid_after - leaf.not_valid_before == datetime.timedelta(days=730), 'two years')
ca.public_key().verify(leaf.signature, leaf.tbs_certificate_bytes, ec.ECDSA(leaf.signature_hash_algorithm))
print('OK')
)PY";

class IssuerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Issuer> issuer = Issuer::Create(catest::SharedHierarchy().issuing(), random_);
    ASSERT_TRUE(issuer.ok()) << issuer.status().ToString();
    issuer_.emplace(std::move(issuer).value());
    key_ = catest::EcKey();
    Result<ParsedCsr> csr = ParseCsr(catest::MakeCsr(key_.get()));
    ASSERT_TRUE(csr.ok());
    spki_ = csr->spki_der;
  }

  Result<IssuedCertificate> IssueDefault() {
    return issuer_->Issue(catest::TestSubject(), spki_, catest::TestProfile(), TestNow());
  }

  SecureRandom random_;
  std::optional<Issuer> issuer_;
  ossl::PkeyPtr key_;
  std::string spki_;
};

TEST_F(IssuerTest, CertificatePassesTheIndependentLinters) {
  Result<IssuedCertificate> cert = IssueDefault();
  ASSERT_TRUE(cert.ok()) << cert.status().ToString();
  EXPECT_EQ(cert->serial_hex.size(), 32u);
  EXPECT_EQ(cert->not_before, TestNow());
  EXPECT_EQ(cert->not_after, TestNow() + std::chrono::hours(24 * 730));

  TempDir dir;
  catest::WriteChain(catest::SharedHierarchy(), dir);
  catest::WriteFile(dir.File("leaf.der"), cert->der);
  catest::WriteFile(dir.File("issuing.der"), catest::SharedHierarchy().issuing().der);
  catest::WriteFile(dir.File("lint.py"), kPythonLint);
  catest::CommandResult py = RunCommand("/usr/bin/python3 " + dir.File("lint.py") + " " +
                                        dir.File("leaf.der") + " " + dir.File("issuing.der"));
  EXPECT_EQ(py.exit_code, 0) << py.output;

  catest::CommandResult pem = RunCommand("openssl x509 -inform DER -in " + dir.File("leaf.der") +
                                         " -out " + dir.File("leaf.pem"));
  ASSERT_EQ(pem.exit_code, 0) << pem.output;
  // -attime: the certificate is valid from TestNow(), which may be in the future.
  const std::string at = " -attime " + std::to_string(ToUnixSeconds(TestNow()) + 60);
  catest::CommandResult verify =
      RunCommand("openssl verify" + at + " -purpose smimesign -CAfile " + dir.File("root.pem") +
                 " -untrusted " + dir.File("issuing.pem") + " " + dir.File("leaf.pem"));
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find(": OK"), std::string::npos) << verify.output;

  catest::CommandResult certtool =
      RunCommand("cat " + dir.File("leaf.pem") + " " + dir.File("issuing.pem") + " " +
                 dir.File("root.pem") + " > " + dir.File("chain.pem") +
                 " && certtool --verify-chain --verify-profile=low"
                 " --infile " +
                 dir.File("chain.pem"));
  EXPECT_EQ(certtool.exit_code, 0) << certtool.output;
}

TEST_F(IssuerTest, CertificateLintsInProcess) {
  Result<IssuedCertificate> issued = IssueDefault();
  ASSERT_TRUE(issued.ok());
  Result<ossl::X509Ptr> cert = ossl::ParseCert(issued->der);
  ASSERT_TRUE(cert.ok());
  X509* c = cert->get();
  // Our encoder's DER is canonical: OpenSSL re-encodes it byte for byte.
  EXPECT_EQ(ossl::ToDer(i2d_X509, c), issued->der);
  const ASN1_INTEGER* serial = X509_get0_serialNumber(c);
  EXPECT_EQ(ASN1_STRING_type(serial), V_ASN1_INTEGER) << "positive";
  EXPECT_LE(ASN1_STRING_length(serial), 20);
  EXPECT_EQ(SerialHex(serial), issued->serial_hex);
  EXPECT_NE(X509_get0_subject_key_id(c), nullptr);
  EXPECT_NE(X509_get0_authority_key_id(c), nullptr);
  EXPECT_GT(X509_NAME_entry_count(X509_get_subject_name(c)), 0);
  EXPECT_EQ(X509_verify(c, X509_get0_pubkey(catest::SharedHierarchy().issuing().cert.get())), 1);
  EXPECT_EQ(ASN1_STRING_cmp(
                X509_get0_subject_key_id(c),
                X509_get0_subject_key_id(catest::SharedHierarchy().issuing().cert.get())) == 0,
            false);
  EXPECT_LE(ASN1_TIME_compare(X509_get0_notAfter(c),
                              X509_get0_notAfter(catest::SharedHierarchy().issuing().cert.get())),
            0);
}

TEST_F(IssuerTest, ClampsValidityToTheIssuingCa) {
  IssuanceProfile profile = catest::TestProfile();
  profile.validity_days = 3650;
  // Ten years before the issuing CA expires less a day: the 10-year cert
  // would outlive it.
  const TimePoint late = TestNow() + std::chrono::hours(24 * 365 * 9);
  Result<IssuedCertificate> cert = issuer_->Issue(catest::TestSubject(), spki_, profile, late);
  ASSERT_TRUE(cert.ok()) << cert.status().ToString();
  Result<TimePoint> ca_end =
      ossl::FromAsn1Time(X509_get0_notAfter(catest::SharedHierarchy().issuing().cert.get()));
  ASSERT_TRUE(ca_end.ok());
  EXPECT_EQ(cert->not_after, *ca_end);

  Result<IssuedCertificate> expired =
      issuer_->Issue(catest::TestSubject(), spki_, profile, *ca_end + std::chrono::seconds(1));
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().reason(), "ca_expired");
}

TEST_F(IssuerTest, IncludesNikAndNipOnlyWhenConfigured) {
  IssuanceProfile profile = catest::TestProfile();
  profile.include_nik_nip = true;
  Result<IssuedCertificate> cert = issuer_->Issue(catest::TestSubject(), spki_, profile, TestNow());
  ASSERT_TRUE(cert.ok());
  Result<ossl::X509Ptr> x = ossl::ParseCert(cert->der);
  ASSERT_TRUE(x.ok());
  char buf[512];
  X509_NAME_oneline(X509_get_subject_name(x->get()), buf, sizeof(buf));
  EXPECT_NE(std::string(buf).find("serialNumber=NIK:3375011234567890"), std::string::npos) << buf;
  EXPECT_NE(std::string(buf).find("serialNumber=NIP:198701012010012001"), std::string::npos) << buf;
}

TEST_F(IssuerTest, RejectsBadSubjectsProfilesAndKeys) {
  SubjectInfo no_name = catest::TestSubject();
  no_name.full_name.clear();
  SubjectInfo no_email = catest::TestSubject();
  no_email.email.clear();
  SubjectInfo long_name = catest::TestSubject();
  long_name.full_name = std::string(65, 'a');
  SubjectInfo bad_email = catest::TestSubject();
  bad_email.email = "siti@@example";
  SubjectInfo unicode_email = catest::TestSubject();
  unicode_email.email = "sítí@example.go.id";
  IssuanceProfile zero_days = catest::TestProfile();
  zero_days.validity_days = 0;
  IssuanceProfile bad_url = catest::TestProfile();
  bad_url.crl_url = "ldap://x/crl";
  IssuanceProfile comma_url = catest::TestProfile();
  comma_url.ocsp_url = "http://x/ocsp, URI:http://evil";
  IssuanceProfile bad_oid = catest::TestProfile();
  bad_oid.policy_oid = "not.an.oid";

  const struct {
    SubjectInfo subject;
    IssuanceProfile profile;
    std::string spki;
    const char* reason;
    const char* why;
  } kCases[] = {
      {no_name, catest::TestProfile(), spki_, "subject_incomplete", "no full name"},
      {no_email, catest::TestProfile(), spki_, "subject_incomplete", "no e-mail"},
      {long_name, catest::TestProfile(), spki_, "subject_field_invalid", "CN over 64"},
      {bad_email, catest::TestProfile(), spki_, "subject_field_invalid", "two @"},
      {unicode_email, catest::TestProfile(), spki_, "subject_field_invalid", "non-ASCII e-mail"},
      {catest::TestSubject(), zero_days, spki_, "profile_invalid", "zero validity"},
      {catest::TestSubject(), bad_url, spki_, "profile_invalid", "ldap URL"},
      {catest::TestSubject(), comma_url, spki_, "profile_invalid", "URL with space"},
      {catest::TestSubject(), bad_oid, spki_, "profile_invalid", "bad OID"},
      {catest::TestSubject(), catest::TestProfile(), "garbage", "public_key_invalid", "bad SPKI"},
      {catest::TestSubject(), catest::TestProfile(), "", "public_key_invalid", "empty SPKI"},
  };
  for (const auto& c : kCases) {
    Result<IssuedCertificate> cert = issuer_->Issue(c.subject, c.spki, c.profile, TestNow());
    ASSERT_FALSE(cert.ok()) << c.why;
    EXPECT_EQ(cert.status().reason(), c.reason) << c.why << ": " << cert.status().detail();
  }
}

TEST_F(IssuerTest, ConcurrentIssuesAreAllValidAndDistinct) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  std::vector<std::vector<IssuedCertificate>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Result<IssuedCertificate> c = IssueDefault();
        if (c.ok()) results[t].push_back(std::move(c).value());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<std::string> serials;
  EVP_PKEY* ca_key = X509_get0_pubkey(catest::SharedHierarchy().issuing().cert.get());
  for (const auto& list : results) {
    ASSERT_EQ(list.size(), static_cast<size_t>(kPerThread));
    for (const IssuedCertificate& c : list) {
      serials.insert(c.serial_hex);
      Result<ossl::X509Ptr> x = ossl::ParseCert(c.der);
      ASSERT_TRUE(x.ok());
      EXPECT_EQ(X509_verify(x->get(), ca_key), 1);
    }
  }
  EXPECT_EQ(serials.size(), static_cast<size_t>(kThreads * kPerThread));
}

TEST(IssuerCreateTest, NeedsTheIssuingKey) {
  CaCredential no_key;
  no_key.name = "issuing";
  no_key.cert = ossl::UpRef(catest::SharedHierarchy().issuing().cert.get());
  SecureRandom random;
  Result<Issuer> issuer = Issuer::Create(no_key, random);
  ASSERT_FALSE(issuer.ok());
  EXPECT_EQ(issuer.status().reason(), "ca_key_not_loaded");
}

}  // namespace
}  // namespace ams::ca

namespace ams::ca {
namespace {

// Every CA key spec with every accepted subject key type: the certificate
// verifies with openssl and re-encodes byte for byte.
TEST(IssuerKeyTypesTest, AllCaSpecsAndSubjectKeysVerify) {
  std::vector<std::pair<std::string, ossl::PkeyPtr>> subject_keys;
  subject_keys.emplace_back("ec-p256", catest::EcKey("P-256"));
  subject_keys.emplace_back("ec-p384", catest::EcKey("P-384"));
  subject_keys.emplace_back("ed25519",
                            ossl::PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")));
  subject_keys.emplace_back("rsa-2048", ossl::UpRef(catest::SharedRsaKey()));
  for (KeySpec spec : {KeySpec::kEcP384, KeySpec::kRsa2048}) {
    const CaHierarchy* h = &catest::SharedHierarchyFor(spec);
    SecureRandom random;
    Result<Issuer> issuer = Issuer::Create(h->issuing(), random);
    ASSERT_TRUE(issuer.ok()) << ToString(spec);
    TempDir dir;
    catest::WriteChain(*h, dir);
    for (const auto& [type, key] : subject_keys) {
      Result<ParsedCsr> csr = ParseCsr(catest::MakeCsr(key.get()));
      ASSERT_TRUE(csr.ok()) << type << ": " << csr.status().ToString();
      EXPECT_EQ(csr->key_type, type);
      Result<IssuedCertificate> cert =
          issuer->Issue(catest::TestSubject(), csr->spki_der, catest::TestProfile(), TestNow());
      ASSERT_TRUE(cert.ok()) << ToString(spec) << "/" << type << ": " << cert.status().ToString();
      Result<ossl::X509Ptr> x = ossl::ParseCert(cert->der);
      ASSERT_TRUE(x.ok());
      EXPECT_EQ(ossl::ToDer(i2d_X509, x->get()), cert->der) << ToString(spec) << "/" << type;
      EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(x->get()), key.get()), 1) << type;
      catest::WriteFile(dir.File("leaf.pem"), ossl::CertToPem(x->get()));
      catest::CommandResult verify =
          RunCommand("openssl verify -attime " + std::to_string(ToUnixSeconds(TestNow()) + 60) +
                     " -CAfile " + dir.File("root.pem") + " -untrusted " + dir.File("issuing.pem") +
                     " " + dir.File("leaf.pem"));
      EXPECT_EQ(verify.exit_code, 0) << ToString(spec) << "/" << type << ": " << verify.output;
    }
  }
}

TEST(IssuerKeyTypesTest, RejectsWeakKeysEvenWithoutACsr) {
  SecureRandom random;
  Result<Issuer> issuer = Issuer::Create(catest::SharedHierarchy().issuing(), random);
  ASSERT_TRUE(issuer.ok());
  ossl::PkeyPtr rsa1024(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024}));
  Result<IssuedCertificate> cert =
      issuer->Issue(catest::TestSubject(), ossl::ToDer(i2d_PUBKEY, rsa1024.get()),
                    catest::TestProfile(), TestNow());
  ASSERT_FALSE(cert.ok());
  EXPECT_EQ(cert.status().reason(), "public_key_invalid");
}

}  // namespace
}  // namespace ams::ca
