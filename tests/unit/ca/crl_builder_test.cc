#include "ca/crl_builder.h"

#include <gtest/gtest.h>

#include "ca/issuer.h"
#include "ca/serial.h"
#include "ca_test_util.h"

namespace ams::ca {
namespace {

using catest::RunCommand;
using catest::TempDir;
using catest::TestNow;
using std::chrono::hours;

constexpr const char* kPythonCrlCheck = R"PY(
import sys
from cryptography import x509
from cryptography.x509.oid import ExtensionOID
crl = x509.load_der_x509_crl(open(sys.argv[1], 'rb').read())
ca = x509.load_der_x509_certificate(open(sys.argv[2], 'rb').read())
def check(cond, what):
    if not cond:
        print('FAIL:', what); sys.exit(1)
check(crl.is_signature_valid(ca.public_key()), 'signature')
check(crl.issuer == ca.subject, 'issuer')
check(crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == int(sys.argv[3]), 'crl number')
aki = crl.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
check(aki == ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest, 'AKI')
reasons = {}
for r in crl:
    try:
        reason = r.extensions.get_extension_for_class(x509.CRLReason).value.reason.value
    except x509.ExtensionNotFound:
        reason = None
    n = r.serial_number
    reasons[n.to_bytes((n.bit_length() + 7) // 8, 'big').hex()] = reason
print(' '.join('%s=%s' % kv for kv in sorted(reasons.items())))
)PY";

class CrlBuilderTest : public ::testing::Test {
 protected:
  const CaHierarchy& h_ = catest::SharedHierarchy();
};

TEST_F(CrlBuilderTest, ParsesAndVerifiesInProcess) {
  const std::vector<CrlEntry> entries = {
      {{0x01, 0x02}, TestNow(), RevocationReason::kKeyCompromise},
      {{0x80, 0xff}, TestNow() + hours(1), RevocationReason::kUnspecified},
      {{0x7f, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
        0x01},
       TestNow(),
       RevocationReason::kCessationOfOperation},
  };
  Result<std::string> der = BuildCrl(h_.issuing(), entries, 42, TestNow(), TestNow() + hours(24));
  ASSERT_TRUE(der.ok()) << der.status().ToString();
  const auto* p = reinterpret_cast<const unsigned char*>(der->data());
  ossl::X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der->size())));
  ASSERT_TRUE(crl);
  EXPECT_EQ(p, reinterpret_cast<const unsigned char*>(der->data() + der->size())) << "exact length";
  EXPECT_EQ(X509_CRL_verify(crl.get(), X509_get0_pubkey(h_.issuing().cert.get())), 1);
  EXPECT_EQ(X509_CRL_get_version(crl.get()), X509_CRL_VERSION_2);
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
  ASSERT_EQ(sk_X509_REVOKED_num(revoked), 3);
  // Re-encoding through OpenSSL gives the same bytes: our DER is canonical.
  EXPECT_EQ(ossl::ToDer(i2d_X509_CRL, crl.get()), *der);
}

TEST_F(CrlBuilderTest, IndependentClientsAcceptItAndSeeRevocation) {
  SecureRandom random;
  Result<Issuer> issuer = Issuer::Create(h_.issuing(), random);
  ASSERT_TRUE(issuer.ok());
  ossl::PkeyPtr key = catest::EcKey();
  const std::string spki = ossl::ToDer(i2d_PUBKEY, key.get());
  Result<IssuedCertificate> good =
      issuer->Issue(catest::TestSubject(), spki, catest::TestProfile(), TestNow());
  Result<IssuedCertificate> bad =
      issuer->Issue(catest::TestSubject(), spki, catest::TestProfile(), TestNow());
  ASSERT_TRUE(good.ok() && bad.ok());
  Result<std::vector<uint8_t>> bad_serial = ParseSerialHex(bad->serial_hex);
  ASSERT_TRUE(bad_serial.ok());
  const std::vector<CrlEntry> entries = {
      {*bad_serial, TestNow(), RevocationReason::kKeyCompromise},
      {{0x0a, 0xbc}, TestNow(), RevocationReason::kSuperseded},
      {{0x0d, 0xef}, TestNow(), RevocationReason::kUnspecified},
  };
  // Issued now and current for a day: certtool --verify-crl judges it by the
  // real clock and refuses a CRL whose thisUpdate is ahead or nextUpdate past.
  Result<std::string> crl = BuildCrl(h_.issuing(), entries, 7, TestNow(), TestNow() + hours(24));
  ASSERT_TRUE(crl.ok()) << crl.status().ToString();

  TempDir dir;
  catest::WriteChain(h_, dir);
  catest::WriteFile(dir.File("crl.der"), *crl);
  catest::WriteFile(dir.File("issuing.der"), h_.issuing().der);
  catest::WriteFile(dir.File("good.der"), good->der);
  catest::WriteFile(dir.File("bad.der"), bad->der);
  ASSERT_EQ(RunCommand("openssl crl -inform DER -in " + dir.File("crl.der") + " -out " +
                       dir.File("crl.pem"))
                .exit_code,
            0);
  for (const char* name : {"good", "bad"}) {
    ASSERT_EQ(RunCommand("openssl x509 -inform DER -in " + dir.File(std::string(name) + ".der") +
                         " -out " + dir.File(std::string(name) + ".pem"))
                  .exit_code,
              0);
  }

  catest::CommandResult text = RunCommand("openssl crl -text -noout -in " + dir.File("crl.pem") +
                                          " -CAfile " + dir.File("issuing.pem"));
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("verify OK"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("X509v3 CRL Number: \n                7"), std::string::npos)
      << text.output;
  EXPECT_NE(text.output.find("Key Compromise"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("Superseded"), std::string::npos) << text.output;

  const std::string verify = "openssl verify -attime " +
                             std::to_string(ToUnixSeconds(TestNow() + hours(1))) +
                             " -crl_check -CAfile " + dir.File("root.pem") + " -untrusted " +
                             dir.File("issuing.pem") + " -CRLfile " + dir.File("crl.pem") + " ";
  catest::CommandResult ok = RunCommand(verify + dir.File("good.pem"));
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  catest::CommandResult revoked = RunCommand(verify + dir.File("bad.pem"));
  EXPECT_NE(revoked.exit_code, 0) << revoked.output;
  EXPECT_NE(revoked.output.find("certificate revoked"), std::string::npos) << revoked.output;

  catest::CommandResult certtool =
      RunCommand("certtool --crl-info --inder --infile " + dir.File("crl.der"));
  EXPECT_EQ(certtool.exit_code, 0) << certtool.output;
  EXPECT_NE(certtool.output.find("Revoked certificates (3)"), std::string::npos) << certtool.output;
  EXPECT_NE(certtool.output.find("CRL Number (not critical): 07"), std::string::npos)
      << certtool.output;
  catest::CommandResult certtool_verify =
      RunCommand("certtool --verify-crl --infile " + dir.File("crl.pem") +
                 " --load-ca-certificate " + dir.File("issuing.pem"));
  EXPECT_EQ(certtool_verify.exit_code, 0) << certtool_verify.output;
  EXPECT_NE(certtool_verify.output.find("Verified"), std::string::npos) << certtool_verify.output;

  catest::WriteFile(dir.File("check.py"), kPythonCrlCheck);
  catest::CommandResult py = RunCommand("/usr/bin/python3 " + dir.File("check.py") + " " +
                                        dir.File("crl.der") + " " + dir.File("issuing.der") + " 7");
  EXPECT_EQ(py.exit_code, 0) << py.output;
  EXPECT_NE(py.output.find(bad->serial_hex + "=keyCompromise"), std::string::npos) << py.output;
  EXPECT_NE(py.output.find("abc=superseded"), std::string::npos) << py.output;
  EXPECT_NE(py.output.find("def=None"), std::string::npos)
      << "unspecified is omitted: " << py.output;
}

TEST_F(CrlBuilderTest, EmptyCrlHasNoRevokedList) {
  Result<std::string> der = BuildCrl(h_.issuing(), {}, 0, TestNow(), TestNow() + hours(24));
  ASSERT_TRUE(der.ok()) << der.status().ToString();
  TempDir dir;
  catest::WriteFile(dir.File("crl.der"), *der);
  catest::WriteChain(h_, dir);
  catest::CommandResult text =
      RunCommand("openssl crl -inform DER -text -noout -in " + dir.File("crl.der") + " -CAfile " +
                 dir.File("issuing.pem"));
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("No Revoked Certificates"), std::string::npos) << text.output;
}

TEST_F(CrlBuilderTest, WorksWithRsaAndP384Cas) {
  for (KeySpec spec : {KeySpec::kRsa2048, KeySpec::kEcP384}) {
    const CaHierarchy* h = &catest::SharedHierarchyFor(spec);
    Result<std::string> der =
        BuildCrl(h->issuing(), {{{0x42}, TestNow(), RevocationReason::kSuperseded}}, 1, TestNow(),
                 TestNow() + hours(24));
    ASSERT_TRUE(der.ok()) << ToString(spec) << ": " << der.status().ToString();
    const auto* p = reinterpret_cast<const unsigned char*>(der->data());
    ossl::X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der->size())));
    ASSERT_TRUE(crl) << ToString(spec);
    EXPECT_EQ(X509_CRL_verify(crl.get(), X509_get0_pubkey(h->issuing().cert.get())), 1)
        << ToString(spec);
    EXPECT_EQ(ossl::ToDer(i2d_X509_CRL, crl.get()), *der) << ToString(spec);
  }
}

TEST_F(CrlBuilderTest, RejectsBadInput) {
  const TimePoint t = TestNow();
  const struct {
    std::vector<CrlEntry> entries;
    int64_t number;
    TimePoint next;
    const char* reason;
    const char* why;
  } kCases[] = {
      {{}, 1, t, "crl_times_invalid", "nextUpdate == thisUpdate"},
      {{}, 1, t - hours(1), "crl_times_invalid", "nextUpdate before thisUpdate"},
      {{}, -1, t + hours(1), "crl_number_invalid", "negative number"},
      {{{{}, t, RevocationReason::kUnspecified}},
       1,
       t + hours(1),
       "serial_malformed",
       "empty serial"},
      {{{{0, 0}, t, RevocationReason::kUnspecified}},
       1,
       t + hours(1),
       "serial_malformed",
       "zero serial"},
      {{{std::vector<uint8_t>(21, 1), t, RevocationReason::kUnspecified}},
       1,
       t + hours(1),
       "serial_malformed",
       "21 octets"},
  };
  for (const auto& c : kCases) {
    Result<std::string> der = BuildCrl(h_.issuing(), c.entries, c.number, t, c.next);
    ASSERT_FALSE(der.ok()) << c.why;
    EXPECT_EQ(der.status().reason(), c.reason) << c.why;
  }
}

}  // namespace
}  // namespace ams::ca
