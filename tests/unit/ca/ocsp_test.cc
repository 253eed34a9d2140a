#include "ca/ocsp.h"

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "ca/issuer.h"
#include "ca/ocsp_responder.h"
#include "ca_test_util.h"

namespace ams::ca {
namespace {

using catest::RunCommand;
using catest::TempDir;

// OCSP clients check thisUpdate/nextUpdate against the real clock, so these
// tests use real time: a hierarchy made an hour ago.
class OcspTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    FakeClock clock(std::chrono::system_clock::now() - std::chrono::hours(1));
    static SecureRandom random;
    Result<CaHierarchy> h = CaHierarchy::Create(HierarchyOptions{}, clock, random);
    ASSERT_TRUE(h.ok());
    hierarchy_ = new CaHierarchy(std::move(h).value());
    Result<Issuer> issuer = Issuer::Create(hierarchy_->issuing(), random);
    ASSERT_TRUE(issuer.ok());
    ossl::PkeyPtr key = catest::EcKey();
    const std::string spki = ossl::ToDer(i2d_PUBKEY, key.get());
    dir_ = new TempDir();
    catest::WriteChain(*hierarchy_, *dir_);
    for (const char* name : {"good", "revoked", "unknown"}) {
      Result<IssuedCertificate> cert =
          issuer->Issue(catest::TestSubject(), spki, catest::TestProfile(), clock.Now());
      ASSERT_TRUE(cert.ok());
      serials_[name] = cert->serial_hex;
      Result<ossl::X509Ptr> x = ossl::ParseCert(cert->der);
      catest::WriteFile(dir_->File(std::string(name) + ".pem"), ossl::CertToPem(x->get()));
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete hierarchy_;
  }

  void SetUp() override {
    Result<OcspResponder> r = OcspResponder::Create(hierarchy_->ocsp(), hierarchy_->issuing());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    responder_.emplace(std::move(r).value());
  }

  // What storage would answer.
  CertStatus Lookup(const std::string& serial) {
    ++lookups_;
    if (serial == serials_["good"]) return CertStatus::Good();
    if (serial == serials_["revoked"]) {
      return CertStatus::Revoked(std::chrono::system_clock::now() - std::chrono::minutes(30),
                                 RevocationReason::kKeyCompromise);
    }
    return CertStatus::Unknown();
  }

  // `openssl ocsp -reqout` for the named certificate(s); returns the DER.
  std::string OpensslRequest(const std::string& certs, const std::string& extra = "") {
    std::string cmd = "openssl ocsp -issuer " + dir_->File("issuing.pem") + " " + extra;
    for (size_t start = 0; start < certs.size();) {
      size_t end = certs.find(' ', start);
      if (end == std::string::npos) end = certs.size();
      cmd += " -cert " + dir_->File(certs.substr(start, end - start) + ".pem");
      start = end + 1;
    }
    catest::CommandResult r = RunCommand(cmd + " -reqout " + dir_->File("req.der"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return catest::ReadAll(dir_->File("req.der"));
  }

  // `openssl ocsp -respin` verifying against the root; returns the output.
  catest::CommandResult OpensslVerify(const std::string& response, const std::string& cert,
                                      const std::string& trust) {
    catest::WriteFile(dir_->File("resp.der"), response);
    return RunCommand("openssl ocsp -respin " + dir_->File("resp.der") + " -issuer " +
                      dir_->File("issuing.pem") + " -cert " + dir_->File(cert + ".pem") +
                      " -no_nonce " + trust);
  }

  std::string CaTrust() const {
    return "-CAfile " + dir_->File("root.pem") + " -verify_other " + dir_->File("issuing.pem");
  }

  static CaHierarchy* hierarchy_;
  static TempDir* dir_;
  static std::map<std::string, std::string> serials_;
  std::optional<OcspResponder> responder_;
  int lookups_ = 0;
};

CaHierarchy* OcspTest::hierarchy_ = nullptr;
TempDir* OcspTest::dir_ = nullptr;
std::map<std::string, std::string> OcspTest::serials_;

TEST_F(OcspTest, ParsesRequestsFromTheOpensslClient) {
  Result<OcspRequestInfo> with_nonce = ParseOcspRequest(OpensslRequest("good"));
  ASSERT_TRUE(with_nonce.ok()) << with_nonce.status().ToString();
  ASSERT_EQ(with_nonce->cert_ids.size(), 1u);
  EXPECT_EQ(with_nonce->cert_ids[0].serial_hex, serials_["good"]);
  EXPECT_EQ(with_nonce->cert_ids[0].hash_algorithm, "SHA1");
  EXPECT_TRUE(with_nonce->nonce.has_value());
  EXPECT_TRUE(responder_->IsOurIssuer(with_nonce->cert_ids[0]));

  Result<OcspRequestInfo> plain =
      ParseOcspRequest(OpensslRequest("good revoked", "-no_nonce -sha256"));
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  ASSERT_EQ(plain->cert_ids.size(), 2u);
  EXPECT_FALSE(plain->nonce.has_value());
  EXPECT_EQ(plain->cert_ids[0].hash_algorithm, "SHA256");
  EXPECT_EQ(plain->cert_ids[1].serial_hex, serials_["revoked"]);
  EXPECT_TRUE(responder_->IsOurIssuer(plain->cert_ids[1])) << "SHA-256 CertID";
}

TEST_F(OcspTest, RejectsMalformedRequests) {
  const std::string good = OpensslRequest("good");
  ossl::OcspRequestPtr empty_req(OCSP_REQUEST_new());
  const std::string no_cert_ids = ossl::ToDer(i2d_OCSP_REQUEST, empty_req.get());
  const struct {
    std::string der;
    const char* reason;
    const char* why;
  } kCases[] = {
      {"", "ocsp_request_malformed", "empty"},
      {"GET / HTTP/1.1\r\n", "ocsp_request_malformed", "text"},
      {good.substr(0, good.size() - 3), "ocsp_request_malformed", "truncated"},
      {good + std::string("\x00\x00", 2), "ocsp_request_malformed", "trailing bytes"},
      {std::string(200, '\x30'), "ocsp_request_malformed", "DER-looking garbage"},
      {no_cert_ids, "ocsp_request_malformed", "no CertID"},
      {std::string(kMaxOcspRequestBytes + 1, '\x30'), "ocsp_request_too_large", "oversized"},
  };
  for (const auto& c : kCases) {
    Result<OcspRequestInfo> info = ParseOcspRequest(c.der);
    ASSERT_FALSE(info.ok()) << c.why;
    EXPECT_EQ(info.status().reason(), c.reason) << c.why;
  }
}

TEST_F(OcspTest, OpensslVerifiesGoodRevokedAndUnknown) {
  const auto lookup = [this](const std::string& s) { return Lookup(s); };
  const auto now = std::chrono::system_clock::now();
  for (const char* name : {"good", "revoked", "unknown"}) {
    Result<OcspRequestInfo> req = ParseOcspRequest(OpensslRequest(name));
    ASSERT_TRUE(req.ok());
    Result<std::string> resp = responder_->Respond(*req, lookup, now, std::chrono::hours(4));
    ASSERT_TRUE(resp.ok()) << resp.status().ToString();
    for (const std::string& trust : {CaTrust(), "-VAfile " + dir_->File("ocsp.pem")}) {
      catest::CommandResult r = OpensslVerify(*resp, name, trust);
      EXPECT_EQ(r.exit_code, 0) << name << ": " << r.output;
      EXPECT_NE(r.output.find("Response verify OK"), std::string::npos) << name << ": " << r.output;
      EXPECT_NE(r.output.find(std::string(name) + ".pem: " + name), std::string::npos) << r.output;
      if (std::string(name) == "revoked") {
        EXPECT_NE(r.output.find("Reason: keyCompromise"), std::string::npos) << r.output;
      }
    }
  }
  EXPECT_EQ(lookups_, 3) << "one lookup per response";
}

TEST_F(OcspTest, EchoesTheNonce) {
  // -reqin with -respin makes openssl check the nonce; do it in-process too.
  const std::string req_der = OpensslRequest("good");
  Result<OcspRequestInfo> req = ParseOcspRequest(req_der);
  ASSERT_TRUE(req.ok());
  Result<std::string> resp = responder_->Respond(
      *req, [this](const std::string& s) { return Lookup(s); }, std::chrono::system_clock::now(),
      std::chrono::hours(1));
  ASSERT_TRUE(resp.ok());
  const auto* p = reinterpret_cast<const unsigned char*>(resp->data());
  ossl::OcspResponsePtr r(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(resp->size())));
  ASSERT_TRUE(r);
  ossl::OcspBasicRespPtr basic(OCSP_response_get1_basic(r.get()));
  const auto* q = reinterpret_cast<const unsigned char*>(req_der.data());
  ossl::OcspRequestPtr request(d2i_OCSP_REQUEST(nullptr, &q, static_cast<long>(req_der.size())));
  EXPECT_EQ(OCSP_check_nonce(request.get(), basic.get()), 1);

  catest::WriteFile(dir_->File("req.der"), req_der);
  catest::WriteFile(dir_->File("resp.der"), *resp);
  catest::CommandResult out = RunCommand("openssl ocsp -reqin " + dir_->File("req.der") +
                                         " -respin " + dir_->File("resp.der") + " " + CaTrust());
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("Response verify OK"), std::string::npos) << out.output;
  EXPECT_EQ(out.output.find("WARNING"), std::string::npos) << out.output;

  // A request without a nonce gets a response without one.
  Result<OcspRequestInfo> plain = ParseOcspRequest(OpensslRequest("good", "-no_nonce"));
  ASSERT_TRUE(plain.ok());
  Result<std::string> plain_resp = responder_->Respond(
      *plain, [this](const std::string& s) { return Lookup(s); }, std::chrono::system_clock::now(),
      std::chrono::hours(1));
  ASSERT_TRUE(plain_resp.ok());
  p = reinterpret_cast<const unsigned char*>(plain_resp->data());
  r.reset(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(plain_resp->size())));
  basic.reset(OCSP_response_get1_basic(r.get()));
  EXPECT_LT(OCSP_BASICRESP_get_ext_by_NID(basic.get(), NID_id_pkix_OCSP_Nonce, -1), 0);
}

TEST_F(OcspTest, AnswersUnknownForAnotherIssuerWithoutLookingUp) {
  FakeClock clock(std::chrono::system_clock::now() - std::chrono::hours(1));
  SecureRandom random;
  Result<CaHierarchy> other = CaHierarchy::Create(HierarchyOptions{}, clock, random);
  ASSERT_TRUE(other.ok());
  TempDir dir;
  catest::WriteChain(*other, dir);
  // A certificate "issued" by the other CA: its own OCSP cert will do.
  catest::CommandResult r =
      RunCommand("openssl ocsp -issuer " + dir.File("issuing.pem") + " -cert " +
                 dir.File("ocsp.pem") + " -reqout " + dir.File("req.der"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Result<OcspRequestInfo> req = ParseOcspRequest(catest::ReadAll(dir.File("req.der")));
  ASSERT_TRUE(req.ok());
  EXPECT_FALSE(responder_->IsOurIssuer(req->cert_ids[0]));
  EXPECT_FALSE(responder_->CacheKey(*req).has_value());
  Result<std::string> resp = responder_->Respond(
      *req, [this](const std::string& s) { return Lookup(s); }, std::chrono::system_clock::now(),
      std::chrono::hours(1));
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(lookups_, 0);
  const auto* p = reinterpret_cast<const unsigned char*>(resp->data());
  ossl::OcspResponsePtr parsed(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(resp->size())));
  ossl::OcspBasicRespPtr basic(OCSP_response_get1_basic(parsed.get()));
  int reason = 0;
  EXPECT_EQ(
      OCSP_single_get0_status(OCSP_resp_get0(basic.get(), 0), &reason, nullptr, nullptr, nullptr),
      V_OCSP_CERTSTATUS_UNKNOWN);
}

TEST_F(OcspTest, PreSignedResponsesServeCacheableRequests) {
  Result<OcspRequestInfo> plain = ParseOcspRequest(OpensslRequest("revoked", "-no_nonce"));
  ASSERT_TRUE(plain.ok());
  std::optional<std::string> key = responder_->CacheKey(*plain);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(*key, serials_["revoked"]);

  Result<OcspRequestInfo> with_nonce = ParseOcspRequest(OpensslRequest("revoked"));
  ASSERT_TRUE(with_nonce.ok());
  EXPECT_FALSE(responder_->CacheKey(*with_nonce).has_value()) << "a nonce needs a fresh response";
  Result<OcspRequestInfo> sha256 = ParseOcspRequest(OpensslRequest("revoked", "-no_nonce -sha256"));
  ASSERT_TRUE(sha256.ok());
  EXPECT_FALSE(responder_->CacheKey(*sha256).has_value()) << "pre-signed CertIDs are SHA-1";
  Result<OcspRequestInfo> two = ParseOcspRequest(OpensslRequest("good revoked", "-no_nonce"));
  ASSERT_TRUE(two.ok());
  EXPECT_FALSE(responder_->CacheKey(*two).has_value());

  Result<std::string> resp = responder_->SignBasicResponse(
      *key, Lookup(*key), std::chrono::system_clock::now(), std::chrono::hours(4));
  ASSERT_TRUE(resp.ok()) << resp.status().ToString();
  catest::CommandResult r = OpensslVerify(*resp, "revoked", CaTrust());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("revoked.pem: revoked"), std::string::npos) << r.output;

  Result<std::string> bad = responder_->SignBasicResponse(
      "zz", CertStatus::Good(), std::chrono::system_clock::now(), std::chrono::hours(1));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reason(), "serial_malformed");
}

TEST_F(OcspTest, RefusesBadValidityAndAnExpiredResponder) {
  Result<OcspRequestInfo> req = ParseOcspRequest(OpensslRequest("good", "-no_nonce"));
  ASSERT_TRUE(req.ok());
  const auto lookup = [this](const std::string& s) { return Lookup(s); };
  const auto now = std::chrono::system_clock::now();
  Result<std::string> zero = responder_->Respond(*req, lookup, now, std::chrono::seconds(0));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().reason(), "ocsp_validity_invalid");
  Result<ossl::X509Ptr> cert = ossl::ParseCert(hierarchy_->ocsp().der);
  Result<TimePoint> end = ossl::FromAsn1Time(X509_get0_notAfter(cert->get()));
  ASSERT_TRUE(end.ok());
  Result<std::string> late = responder_->Respond(*req, lookup, *end, std::chrono::hours(1));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().reason(), "ocsp_responder_expired");
  Result<std::string> early = responder_->SignBasicResponse(
      serials_["good"], CertStatus::Good(), now - std::chrono::hours(2), std::chrono::hours(1));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().reason(), "ocsp_responder_expired");
}

TEST_F(OcspTest, ConcurrentResponsesAllVerify) {
  Result<OcspRequestInfo> req = ParseOcspRequest(OpensslRequest("good", "-no_nonce"));
  ASSERT_TRUE(req.ok());
  const CertStatusLookup lookup = [](const std::string&) { return CertStatus::Good(); };
  std::vector<std::string> responses[4];
  std::vector<std::thread> threads;
  for (auto& out : responses) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        Result<std::string> r = responder_->Respond(*req, lookup, std::chrono::system_clock::now(),
                                                    std::chrono::hours(1));
        if (r.ok()) out.push_back(*r);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  ossl::X509StorePtr store(X509_STORE_new());
  Result<ossl::X509Ptr> root = ossl::ParseCert(hierarchy_->root().der);
  Result<ossl::X509Ptr> issuing = ossl::ParseCert(hierarchy_->issuing().der);
  X509_STORE_add_cert(store.get(), root->get());
  ossl::X509StackPtr untrusted(sk_X509_new_null());
  sk_X509_push(untrusted.get(), ossl::UpRef(issuing->get()).release());
  for (const auto& list : responses) {
    ASSERT_EQ(list.size(), 25u);
    for (const std::string& der : list) {
      const auto* p = reinterpret_cast<const unsigned char*>(der.data());
      ossl::OcspResponsePtr r(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
      ASSERT_TRUE(r);
      ossl::OcspBasicRespPtr basic(OCSP_response_get1_basic(r.get()));
      ASSERT_TRUE(basic);
      EXPECT_EQ(OCSP_basic_verify(basic.get(), untrusted.get(), store.get(), 0), 1)
          << ossl::DrainErrors();
    }
  }
}

TEST_F(OcspTest, ErrorResponsesAreUnderstood) {
  static const struct {
    OcspError error;
    const char* text;
  } kCases[] = {
      {OcspError::kMalformedRequest, "malformedrequest (1)"},
      {OcspError::kInternalError, "internalerror (2)"},
      {OcspError::kTryLater, "trylater (3)"},
      {OcspError::kUnauthorized, "unauthorized (6)"},
  };
  for (const auto& c : kCases) {
    catest::WriteFile(dir_->File("err.der"), OcspErrorResponse(c.error));
    catest::CommandResult r =
        RunCommand("openssl ocsp -respin " + dir_->File("err.der") + " -resp_text");
    EXPECT_NE(r.output.find(c.text), std::string::npos) << r.output;
  }
}

}  // namespace
}  // namespace ams::ca
