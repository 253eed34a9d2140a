// Cached OCSP answers across processes with the revocation fence (issue #3
// item 6 and 9), on SQLite and PostgreSQL: a second service on its own
// connection pool stands for the CLI beside a server. Its cached `good` is
// served with no database read while nothing is revoked, and its next answer
// after another process's revocation is `revoked`.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include <atomic>
#include <thread>

#include "auth/actor.h"
#include "ca/hierarchy.h"
#include "ca/ossl/util.h"
#include "ca/serial.h"
#include "store/soci/soci_store.h"
#include "testutil/applicant.h"
#include "testutil/fresh_store.h"
#include "testutil/store_wrapper.h"
#include "workflow/certificates/certificate_service.h"

namespace ams {
namespace {

using testutil::Engine;

// Counts the read transactions that pass through to a real store.
class CountingStore final : public testutil::StoreWrapper {
 public:
  using StoreWrapper::StoreWrapper;
  Status Read(const std::function<Status(store::Transaction&)>& work) override {
    ++reads;
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    return StoreWrapper::Read(work);
  }
  std::atomic<int> reads{0};
  std::chrono::milliseconds delay{0};  // A slow database: reads overlap.
};

const ca::CaHierarchy& Hierarchy() {
  static const ca::CaHierarchy* h = [] {
    SystemClock clock;
    SecureRandom random;
    return new ca::CaHierarchy(*ca::CaHierarchy::Create({}, clock, random));
  }();
  return *h;
}

std::string P256Csr() {
  ca::ossl::PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  ca::ossl::X509ReqPtr req(X509_REQ_new());
  X509_REQ_set_pubkey(req.get(), key.get());
  X509_REQ_sign(req.get(), key.get(), EVP_sha256());
  return ca::ossl::ToDer(i2d_X509_REQ, req.get());
}

// An RFC 5019 request (one SHA-1 CertID, no nonce): the cacheable kind.
std::string OcspRequest(const std::string& serial_hex) {
  ca::ossl::Asn1IntegerPtr sn = ca::SerialToAsn1(*ca::ParseSerialHex(serial_hex));
  X509* ca = Hierarchy().issuing().cert.get();
  OCSP_CERTID* id = OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(ca),
                                     X509_get0_pubkey_bitstr(ca), sn.get());
  ca::ossl::OcspRequestPtr req(OCSP_REQUEST_new());
  OCSP_request_add0_id(req.get(), id);
  return ca::ossl::ToDer(i2d_OCSP_REQUEST, req.get());
}

int StatusIn(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  ca::ossl::OcspResponsePtr resp(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
  if (!resp) return -1;
  ca::ossl::OcspBasicRespPtr basic(OCSP_response_get1_basic(resp.get()));
  if (!basic) return -1;
  OCSP_SINGLERESP* single = OCSP_resp_get0(basic.get(), 0);
  if (single == nullptr) return -1;
  return OCSP_single_get0_status(single, nullptr, nullptr, nullptr, nullptr);
}

class OcspFenceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    std::string url;
    store_ = testutil::OpenFreshStore(GetParam(), &url);
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    other_store_ = store::OpenStore(url, 2).value();
    Result<testutil::Applicant> rina = testutil::AddApplicant(
        *store_, {.email = "rina@pekalongankota.go.id",
                  .display_name = "Rina",
                  .full_name = "Rina Wulandari",
                  .agency_code = "DINKES",
                  .agency_name = "Dinas Kesehatan",
                  .created_at = clock_.Now()});
    ASSERT_TRUE(rina.ok()) << rina.status().ToString();
    account_ = rina->account_id;
    const std::string fence_path = testutil::MakeTempDir() + "/ams.db-revocations";
    server_fence_ = std::make_unique<workflow::RevocationFence>(
        SharedCounters::Open(fence_path, 2).value());
    cli_fence_ = std::make_unique<workflow::RevocationFence>(
        SharedCounters::Open(fence_path, 2).value());
    counting_ = std::make_unique<CountingStore>(*other_store_);
    server_ = Make(*counting_, server_fence_.get());
    cli_ = Make(*store_, cli_fence_.get());
  }

  std::unique_ptr<workflow::CertificateService> Make(store::Store& s,
                                                     workflow::RevocationFence* fence) {
    auto service = std::make_unique<workflow::CertificateService>(
        s, clock_, *ca::Issuer::Create(Hierarchy().issuing(), random_),
        *ca::OcspResponder::Create(Hierarchy().ocsp(), Hierarchy().issuing()),
        Hierarchy().issuing(), workflow::CertificateOptions{});
    service->SetRevocationFence(fence);
    return service;
  }

  SystemClock clock_;
  SecureRandom random_;
  std::unique_ptr<store::Store> store_, other_store_;
  std::unique_ptr<CountingStore> counting_;
  std::unique_ptr<workflow::RevocationFence> server_fence_, cli_fence_;
  std::unique_ptr<workflow::CertificateService> server_, cli_;
  int64_t account_ = 0;
};

TEST_P(OcspFenceTest, CachedAnswersReadNothingAndARevocationElsewhereIsSeenAtOnce) {
  auto cert = cli_->IssueFromCsr(auth::Actor::System(), account_, P256Csr());
  ASSERT_TRUE(cert.ok()) << cert.status().ToString();
  const std::string request = OcspRequest(cert->serial_hex);
  ASSERT_EQ(StatusIn(server_->OcspRespond(request)), V_OCSP_CERTSTATUS_GOOD);
  ASSERT_EQ(StatusIn(server_->OcspRespond(request)), V_OCSP_CERTSTATUS_GOOD);

  const int reads_before = counting_->reads.load();
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(StatusIn(server_->OcspRespond(request)), V_OCSP_CERTSTATUS_GOOD);
  }
  EXPECT_EQ(counting_->reads.load(), reads_before) << "cached answers read no database";

  // "The CLI" revokes on its own connection pool; the server's very next
  // answer says revoked.
  ASSERT_TRUE(
      cli_->Revoke(auth::Actor::System(), cert->serial_hex, ca::RevocationReason::kKeyCompromise)
          .ok());
  EXPECT_EQ(StatusIn(server_->OcspRespond(request)), V_OCSP_CERTSTATUS_REVOKED);
  EXPECT_GT(counting_->reads.load(), reads_before) << "the moved stamp made it read";
}

// A service without a fence (another node) never trusts one: it reads the
// counter for every answer, and so is never stale either.
TEST_P(OcspFenceTest, WithoutAFenceEveryAnswerReadsTheCounter) {
  server_->SetRevocationFence(nullptr);
  auto cert = cli_->IssueFromCsr(auth::Actor::System(), account_, P256Csr());
  ASSERT_TRUE(cert.ok()) << cert.status().ToString();
  const std::string request = OcspRequest(cert->serial_hex);
  ASSERT_EQ(StatusIn(server_->OcspRespond(request)), V_OCSP_CERTSTATUS_GOOD);
  const int reads_before = counting_->reads.load();
  ASSERT_EQ(StatusIn(server_->OcspRespond(request)), V_OCSP_CERTSTATUS_GOOD);
  EXPECT_EQ(counting_->reads.load(), reads_before + 1);
  cli_->SetRevocationFence(nullptr);
  ASSERT_TRUE(
      cli_->Revoke(auth::Actor::System(), cert->serial_hex, ca::RevocationReason::kSuperseded).ok());
  EXPECT_EQ(StatusIn(server_->OcspRespond(request)), V_OCSP_CERTSTATUS_REVOKED);
}

// Without a fence, concurrent answers share their counter reads (each waits
// for a read that began after it arrived), and none is stale: every answer
// asked for after the revocation returned says revoked.
TEST_P(OcspFenceTest, WithoutAFenceConcurrentAnswersShareReadsAndNoneIsStale) {
  server_->SetRevocationFence(nullptr);
  cli_->SetRevocationFence(nullptr);
  auto cert = cli_->IssueFromCsr(auth::Actor::System(), account_, P256Csr());
  ASSERT_TRUE(cert.ok()) << cert.status().ToString();
  const std::string request = OcspRequest(cert->serial_hex);
  ASSERT_EQ(StatusIn(server_->OcspRespond(request)), V_OCSP_CERTSTATUS_GOOD);

  counting_->delay = std::chrono::milliseconds(5);
  const int reads_before = counting_->reads.load();
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<bool> revoked{false};
  std::atomic<int> stale{0}, bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        const bool after = revoked.load();
        const int status = StatusIn(server_->OcspRespond(request));
        if (status != V_OCSP_CERTSTATUS_GOOD && status != V_OCSP_CERTSTATUS_REVOKED) ++bad;
        if (after && status != V_OCSP_CERTSTATUS_REVOKED) ++stale;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(
      cli_->Revoke(auth::Actor::System(), cert->serial_hex, ca::RevocationReason::kKeyCompromise)
          .ok());
  revoked = true;
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(stale.load(), 0) << "an answer asked for after the revocation said good";
  const int reads = counting_->reads.load() - reads_before;
  EXPECT_LT(reads, kThreads * kEach / 2) << "concurrent answers share the counter read";
  RecordProperty("reads", reads);
}

int64_t CrlNumberOf(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  ca::ossl::X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
  if (!crl) return -1;
  ASN1_INTEGER* number =
      static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, nullptr, nullptr));
  if (number == nullptr) return -1;
  const int64_t n = ASN1_INTEGER_get(number);
  ASN1_INTEGER_free(number);
  return n;
}

// CRL downloads share the small read that tells whether a CRL is due, as
// OCSP answers do without a fence (shared_read.h), and none is older than a
// CRL another process ("the CLI", `ams crl generate`) stored before it was
// asked for.
TEST_P(OcspFenceTest, ConcurrentCrlDownloadsShareReadsAndNoneIsOlderThanTheStoredOne) {
  auto cert = cli_->IssueFromCsr(auth::Actor::System(), account_, P256Csr());
  ASSERT_TRUE(cert.ok()) << cert.status().ToString();
  Result<std::shared_ptr<const std::string>> first = server_->CurrentCrl();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_GT(CrlNumberOf(**first), 0);

  counting_->delay = std::chrono::milliseconds(5);
  const int reads_before = counting_->reads.load();
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int64_t> stored{CrlNumberOf(**first)};
  std::atomic<int> older{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        const int64_t at_least = stored.load();
        Result<std::shared_ptr<const std::string>> crl = server_->CurrentCrl();
        if (!crl.ok()) {
          ++failed;
          continue;
        }
        if (CrlNumberOf(**crl) < at_least) ++older;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Result<int64_t> generated = cli_->GenerateCrl();
  ASSERT_TRUE(generated.ok()) << generated.status().ToString();
  stored = *generated;
  for (auto& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(older.load(), 0) << "a download asked for after `ams crl generate` got the older CRL";
  Result<std::shared_ptr<const std::string>> last = server_->CurrentCrl();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(CrlNumberOf(**last), *generated);
  const int reads = counting_->reads.load() - reads_before;
  EXPECT_LT(reads, kThreads * kEach / 2) << "concurrent downloads share the read";
  RecordProperty("reads", reads);
}

INSTANTIATE_TEST_SUITE_P(Engines, OcspFenceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams
