#include "ca/csr.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include "ca/der.h"
#include "ca_test_util.h"

namespace ams::ca {
namespace {

using catest::EcKey;
using catest::MakeCsr;

// openssl req -new with a DSA-2048 key: a well-formed, correctly signed CSR
// whose key type we do not accept.
constexpr const char* kDsaCsrPem = R"(-----BEGIN CERTIFICATE REQUEST-----
MIIDrzCCA10CAQAwDjEMMAoGA1UEAwwDZHNhMIIDRDCCAjYGByqGSM44BAEwggIp
AoIBAQDfPb1ZnUpl3CTlTyfXhus+h8Y9iOu14udiTa9j3ygzjHPrxCwQh50SDngp
0jrWE3Bzlm5Q9W0VweXorJWm3fkIVH1q1nP7KHbHBoCbJbfX4+WtA5DQWj4DouHW
vAcySWCOL4NQKEGDFKqEsM4wxCkIkmgsk7Ee0srZ3Qg81X96pVNO5lNJpAOQjDZk
5x+wcxg+6odkfTYLwETMjMKFFySBs5RkCx3U/nKdADmokCWHDM4PUFRoS0ZJpoC4
7gjzyBPeCh0ryLmhA8c8zugwC8hGsBuS4inFDiyvmtY5iRLl0k7JuH0hX1zdLCNx
PrMUq5ih/Mo8GpijlV5Z37EvITIvAh0AwIsURT62cWSXp0hecBYjIgwwqSIkaNkW
SeGGDQKCAQEAzZmW8FPw9PVK+1hzz1Xp6vXtSXZgC4fT/cuKeh7Zv0zDentke9sk
TZ+SyXXN6EkyLH0Z6tKwFmmfKCE195Dwrszh+GcjsSFmbq0K9LSVJcAsR3n/rGgt
hg5t1/XCijxtUvhGK5bq+VsOY/wFsdVv96auWXIYPpXdEGnsIE+Dv6zDR2L8qNwK
TYsjlt2Fgh/eVji4moTuW0Rp7EZaCRSixZfbQEvRtWaUXbYPdXwwMQil1xjwQ34Y
i/BT3OaS43CrxoGK3ZeDbUz6hiatWbQDkbe1Q02qZ9iO30+AB4LJwEZMQG+SHb64
JQWzHdWtekPcyJhXdUzQ5jPhMDZGxV21PQOCAQYAAoIBAQC8/p8EFmU/UlTEhUFL
YeE9+rlQ2GwB+UG+xXTP4RoJwGZQPkQ8VE9EGokZQ1737gM/HScb7ERhoL/f8xgN
r0KlImmJARY5HfYRr39FMp3cHJ8v3fZjrZpmIK5BGDMqpeJNgpa9qbedyeM4lbik
Zo7RuzWRaac1FfoGanDnVmkn/eMY55CeZKgIT2vuLR1vSV3wAACusbNL0jcrzmoJ
hsgMjOuYgIvV6Mfkuazth0nwbkxoxVmEr/LgwI3cbOGluIRU0TTbYbC8U0gQvf7Q
3TO2oRqM3QldoE0ZNYLISd6GXs9g6ZUxLX01BPfii48m9Buf4uMB3knzo6twThv4
FbCkoAAwCwYJYIZIAWUDBAMCAz8AMDwCHE6ZEufv2P2j2jy0Svu5YEQI3lejtVN1
dzN3iFcCHCcdPsFXBsCzF65MDqWTWmI/oT+sWZHypDVKzl0=
-----END CERTIFICATE REQUEST-----
)";

std::string ToPem(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ossl::X509ReqPtr req(d2i_X509_REQ(nullptr, &p, static_cast<long>(der.size())));
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_REQ(bio.get(), req.get());
  return ossl::BioContents(bio.get());
}

TEST(CsrTest, AcceptsTheKeysOfThePolicyInPemAndDer) {
  static const struct {
    const char* type;
    const char* param;
    const char* key_type;
  } kCases[] = {
      {"EC", "P-256", "ec-p256"},
      {"EC", "P-384", "ec-p384"},
      {"ED25519", nullptr, "ed25519"},
      {"RSA", "2048", "rsa-2048"},
  };
  for (const auto& c : kCases) {
    ossl::PkeyPtr key;
    if (std::string(c.type) == "RSA") {
      key = ossl::UpRef(catest::SharedRsaKey());
    } else if (c.param != nullptr) {
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, c.type, c.param));
    } else {
      key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, c.type));
    }
    ASSERT_TRUE(key) << c.key_type;
    const std::string der = MakeCsr(key.get());
    for (const std::string& input : {der, ToPem(der)}) {
      Result<ParsedCsr> csr = ParseCsr(input);
      ASSERT_TRUE(csr.ok()) << c.key_type << ": " << csr.status().ToString();
      EXPECT_EQ(csr->key_type, c.key_type);
      EXPECT_EQ(csr->spki_der, ossl::ToDer(i2d_PUBKEY, key.get())) << c.key_type;
    }
  }
}

TEST(CsrTest, RejectsBadInputWithTheRightReason) {
  ossl::PkeyPtr p256 = EcKey();
  const std::string good = MakeCsr(p256.get());
  const std::string good_pem = ToPem(good);

  // The signature is the last element: flipping the final byte breaks it
  // without breaking the DER.
  std::string wrong_sig = good;
  wrong_sig.back() ^= 0x01;
  // Replace the public key in a signed CSR by another one: still parses,
  // but the signature was not made with the enclosed key.
  std::string swapped_key;
  {
    const auto* p = reinterpret_cast<const unsigned char*>(good.data());
    ossl::X509ReqPtr req(d2i_X509_REQ(nullptr, &p, static_cast<long>(good.size())));
    ossl::PkeyPtr other = EcKey();
    ossl::X509ReqPtr copy(X509_REQ_dup(req.get()));
    X509_REQ_set_pubkey(copy.get(), other.get());
    // Reuse the old signature: sign with p256 then swap the key.
    X509_REQ_sign(copy.get(), p256.get(), EVP_sha256());
    X509_REQ_set_pubkey(copy.get(), other.get());
    swapped_key = ossl::ToDer(i2d_X509_REQ, copy.get());
  }
  ossl::PkeyPtr rsa1024(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024}));
  ossl::PkeyPtr p224 = EcKey("P-224");
  ossl::PkeyPtr k256(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "secp256k1"));

  static const std::string kGarbage = "this is not a certificate request at all";
  const struct {
    std::string input;
    const char* reason;
    const char* why;
  } kCases[] = {
      {"", "csr_malformed", "empty"},
      {kGarbage, "csr_malformed", "text garbage"},
      {std::string(1000, '\x30'), "csr_malformed", "DER-looking garbage"},
      {good.substr(0, good.size() / 2), "csr_malformed", "truncated DER"},
      {good.substr(0, good.size() - 1), "csr_malformed", "one byte short"},
      {good + "x", "csr_malformed", "trailing byte"},
      {good_pem.substr(0, good_pem.size() / 2), "csr_malformed", "truncated PEM"},
      {"-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n",
       "csr_malformed", "PEM with bad base64"},
      {std::string(kMaxCsrBytes + 1, 'A'), "csr_too_large", "over 64 KiB"},
      {wrong_sig, "csr_signature_invalid", "signature byte flipped"},
      {swapped_key, "csr_signature_invalid", "key swapped after signing"},
      {MakeCsr(rsa1024.get()), "csr_key_too_weak", "RSA-1024"},
      {MakeCsr(p224.get()), "csr_key_too_weak", "P-224"},
      {kDsaCsrPem, "csr_key_unsupported", "DSA"},
      {MakeCsr(k256.get()), "csr_key_unsupported", "secp256k1"},
  };
  for (const auto& c : kCases) {
    Result<ParsedCsr> csr = ParseCsr(c.input);
    ASSERT_FALSE(csr.ok()) << c.why;
    EXPECT_EQ(csr.status().reason(), c.reason) << c.why << ": " << csr.status().detail();
    EXPECT_EQ(csr.status().code(), Code::kInvalidArgument) << c.why;
  }
}

TEST(CsrTest, AcceptsCsrsMadeByTheOpensslCli) {
  catest::TempDir dir;
  catest::CommandResult r = catest::RunCommand(
      "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=x' -keyout " +
      dir.File("k.pem") + " -out " + dir.File("r.pem"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Result<ParsedCsr> csr = ParseCsr(catest::ReadAll(dir.File("r.pem")));
  ASSERT_TRUE(csr.ok()) << csr.status().ToString();
  EXPECT_EQ(csr->key_type, "ec-p256");
}

}  // namespace
}  // namespace ams::ca

namespace ams::ca {
namespace {

// Replaces the signatureAlgorithm of a DER CSR, re-wrapping the outer SEQUENCE.
std::string WithSignatureAlgorithm(const std::string& csr, const std::string& algorithm) {
  std::string_view in = csr;
  der::Element outer, info, alg, sig;
  EXPECT_TRUE(der::ReadExpected(in, der::kSequence, outer));
  std::string_view body = outer.content;
  EXPECT_TRUE(der::ReadTlv(body, info) && der::ReadTlv(body, alg) && der::ReadTlv(body, sig));
  std::string content(info.whole);
  content += algorithm;
  content += sig.whole;
  return der::Tlv(der::kSequence, content);
}

TEST(CsrTest, SignatureAlgorithmMustMatchTheKey) {
  static const std::string kEcdsaSha256("\x30\x0a\x06\x08\x2a\x86\x48\xce\x3d\x04\x03\x02", 12);
  static const std::string kRsaSha256(
      "\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b\x05\x00", 15);
  const std::string rsa_csr = catest::MakeCsr(catest::SharedRsaKey());
  ASSERT_TRUE(ParseCsr(WithSignatureAlgorithm(rsa_csr, kRsaSha256)).ok()) << "helper is faithful";
  Result<ParsedCsr> relabelled = ParseCsr(WithSignatureAlgorithm(rsa_csr, kEcdsaSha256));
  ASSERT_FALSE(relabelled.ok());
  EXPECT_EQ(relabelled.status().reason(), "csr_signature_invalid");

  ossl::PkeyPtr ec = catest::EcKey();
  Result<ParsedCsr> ec_as_rsa =
      ParseCsr(WithSignatureAlgorithm(catest::MakeCsr(ec.get()), kRsaSha256));
  ASSERT_FALSE(ec_as_rsa.ok());
  EXPECT_EQ(ec_as_rsa.status().reason(), "csr_signature_invalid");
}

}  // namespace
}  // namespace ams::ca
