// Issuance under concurrency, on SQLite and PostgreSQL (issue #3 item 9):
// concurrent IssueFromCsr calls share commits (workflow/certificates/
// group_commit.h), and each is still stored, audited and signed by the CA;
// a failing work in a batch fails alone.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include <sys/resource.h>
#include <unistd.h>

#include "auth/actor.h"
#include "ca/hierarchy.h"
#include "ca/ossl/util.h"
#include "testutil/applicant.h"
#include "testutil/fresh_store.h"
#include "testutil/store_wrapper.h"
#include "workflow/certificates/certificate_service.h"
#include "workflow/certificates/group_commit.h"

namespace ams {
namespace {

using testutil::Engine;

// A P-256 key and a CSR for it, as an applicant's tool makes them.
std::string P256Csr() {
  ca::ossl::PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  ca::ossl::X509ReqPtr req(X509_REQ_new());
  X509_REQ_set_pubkey(req.get(), key.get());
  X509_REQ_sign(req.get(), key.get(), EVP_sha256());
  return ca::ossl::ToDer(i2d_X509_REQ, req.get());
}

const ca::CaHierarchy& Hierarchy() {
  static const ca::CaHierarchy* h = [] {
    SystemClock clock;
    SecureRandom random;
    return new ca::CaHierarchy(*ca::CaHierarchy::Create({}, clock, random));
  }();
  return *h;
}

class CertificateIssuanceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    Result<testutil::Applicant> dewi = testutil::AddApplicant(
        *store_, {.email = "dewi@pekalongankota.go.id",
                  .display_name = "Dewi",
                  .full_name = "Dewi Lestari",
                  .position = "Bendahara",
                  .agency_code = "BPKAD",
                  .agency_name = "BPKAD",
                  .created_at = clock_.Now()});
    ASSERT_TRUE(dewi.ok()) << dewi.status().ToString();
    account_ = dewi->account_id;
    ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
      auth::Account a;
      a.email = "tanpa.identitas@pekalongankota.go.id";  // No identity version: refused.
      a.display_name = "Dewi";
      a.password_hash = "$argon2id$fake";
      a.role = auth::Role::kApplicant;
      a.created_at = clock_.Now();
      AMS_ASSIGN_OR_RETURN(unverified_, tx.accounts().Create(a));
      return Status();
    }).ok());
    workflow::CertificateOptions options;
    options.profile.crl_url = "http://ams.test/crl/issuing.crl";
    options.profile.ocsp_url = "http://ams.test/ocsp";
    options.profile.ca_issuers_url = "http://ams.test/ca/issuing.crt";
    service_ = std::make_unique<workflow::CertificateService>(
        *store_, clock_, *ca::Issuer::Create(Hierarchy().issuing(), random_),
        *ca::OcspResponder::Create(Hierarchy().ocsp(), Hierarchy().issuing()),
        Hierarchy().issuing(), options);
  }

  int64_t CountAudit(const std::string& action) {
    int64_t n = 0;
    store::AuditHead head;
    EXPECT_TRUE(store_->ScanAudit([&](const audit::AuditRecord& r) {
      if (r.event.action == action) ++n;
      return true;
    }, &head).ok());
    return n;
  }

  SystemClock clock_;
  SecureRandom random_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<workflow::CertificateService> service_;
  int64_t account_ = 0;
  int64_t unverified_ = 0;
};

TEST_P(CertificateIssuanceTest, ConcurrentIssuanceStoresAuditsAndSignsEveryCertificate) {
  constexpr int kThreads = 8, kEach = 12;
  std::vector<std::string> csrs;
  for (int i = 0; i < kThreads; ++i) csrs.push_back(P256Csr());
  std::atomic<int> failures{0};
  std::mutex mu;
  std::set<std::string> serials;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Every fourth call of thread 0 is for an account without identity:
        // it must fail alone, whatever batch it lands in.
        const bool bad = t == 0 && i % 4 == 0;
        auto cert = service_->IssueFromCsr(auth::Actor::System(), bad ? unverified_ : account_,
                                           csrs[t]);
        if (bad) {
          EXPECT_EQ(cert.status().reason(), "identity_not_verified");
          continue;
        }
        if (!cert.ok()) {
          ++failures;
          ADD_FAILURE() << cert.status().ToString();
          continue;
        }
        std::lock_guard lock(mu);
        serials.insert(cert->serial_hex);
      }
    });
  }
  for (auto& t : threads) t.join();
  const int expected = kThreads * kEach - kEach / 4;
  ASSERT_EQ(failures.load(), 0);
  EXPECT_EQ(static_cast<int>(serials.size()), expected);

  auto stored = service_->List(auth::Actor::System(), account_);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(static_cast<int>(stored->size()), expected) << "every answered issuance is stored";
  EXPECT_EQ(CountAudit("certificate.issued"), expected) << "one audit record per certificate";

  EVP_PKEY* ca_key = X509_get0_pubkey(Hierarchy().issuing().cert.get());
  for (const store::CertificateRecord& c : *stored) {
    EXPECT_TRUE(serials.count(c.serial_hex)) << c.serial_hex;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(c.der.data());
    ca::ossl::X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(c.der.size())));
    ASSERT_TRUE(x) << c.serial_hex;
    EXPECT_EQ(X509_verify(x.get(), ca_key), 1) << "signed by the issuing CA: " << c.serial_hex;
  }
  const workflow::GroupCommit::Stats stats = service_->issue_commit_stats();
  EXPECT_EQ(stats.works, expected);
  RecordProperty("transactions", static_cast<int>(stats.transactions));
}

// A store on which the identity of `account` changes (a data change approved)
// right after the first read: between IssueFromCsr's early check and its
// commit.
class IdentityChangingStore final : public testutil::StoreWrapper {
 public:
  IdentityChangingStore(store::Store& inner, int64_t account) : StoreWrapper(inner), account_(account) {}
  Status Read(const std::function<Status(store::Transaction&)>& work) override {
    Status s = StoreWrapper::Read(work);
    if (changed_) return s;
    changed_ = true;
    EXPECT_TRUE(StoreWrapper::InTransaction([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(identity::IdentityVersion current, tx.identities().Current(account_));
      identity::IdentityData next = current.data;
      next.full_name = "Dewi Lestari Wibowo";
      return tx.identities().AddVersion(account_, next, 0, SystemClock().Now()).status();
    }).ok());
    return s;
  }

 private:
  const int64_t account_;
  bool changed_ = false;
};

std::string CommonName(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  ca::ossl::X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x) return "";
  char cn[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(x.get()), NID_commonName, cn, sizeof cn);
  return cn;
}

// The certificate is signed before the batched commit; if the identity
// changed in between, the commit signs it again with the identity in force.
TEST_P(CertificateIssuanceTest, AnIdentityChangedWhileIssuingIsTheSubjectStored) {
  IdentityChangingStore changing(*store_, account_);
  workflow::CertificateOptions options;
  workflow::CertificateService service(
      changing, clock_, *ca::Issuer::Create(Hierarchy().issuing(), random_),
      *ca::OcspResponder::Create(Hierarchy().ocsp(), Hierarchy().issuing()),
      Hierarchy().issuing(), options);
  auto cert = service.IssueFromCsr(auth::Actor::System(), account_, P256Csr());
  ASSERT_TRUE(cert.ok()) << cert.status().ToString();
  EXPECT_EQ(CommonName(cert->der), "Dewi Lestari Wibowo");
  int64_t current_id = 0;
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(identity::IdentityVersion current, tx.identities().Current(account_));
    current_id = current.id;
    return Status();
  }).ok());
  EXPECT_EQ(cert->identity_version_id, current_id);
  auto stored = service.List(auth::Actor::System(), account_);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(CommonName((*stored)[0].der), "Dewi Lestari Wibowo");
  EXPECT_EQ((*stored)[0].serial_hex, cert->serial_hex);
}

// The codes of every stored agency (the group-commit tests write agencies).
std::set<std::string> AgencyCodes(store::Store& store) {
  std::set<std::string> codes;
  EXPECT_TRUE(store.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(std::vector<identity::Agency> all, tx.agencies().List());
    for (const auto& a : all) codes.insert(a.code);
    return Status();
  }).ok());
  return codes;
}

// A work that wrote and then failed is rolled back with its batch; the
// others are committed again without it.
TEST_P(CertificateIssuanceTest, FailingWorkFailsAloneAndLeavesNothing) {
  workflow::GroupCommit commits(*store_, 64);
  constexpr int kWorks = 6;
  std::atomic<int> started{0};
  std::vector<Status> results(kWorks);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWorks; ++i) {
    threads.emplace_back([&, i] {
      ++started;
      results[i] = commits.Run([&, i](store::Transaction& tx) -> Status {
        // The first leader waits for the others to queue: they form one batch.
        while (i == 0 && started.load() < kWorks) std::this_thread::yield();
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const std::string code = "G" + std::to_string(i);
        AMS_RETURN_IF_ERROR(tx.agencies().Create({0, code, "Agency " + code}).status());
        if (i == 3) return Status::Invalid("forced_by_test");
        return Status();
      });
    });
  }
  for (auto& t : threads) t.join();
  const std::set<std::string> codes = AgencyCodes(*store_);
  for (int i = 0; i < kWorks; ++i) {
    const std::string code = "G" + std::to_string(i);
    if (i == 3) {
      EXPECT_EQ(results[i].reason(), "forced_by_test");
      EXPECT_FALSE(codes.count(code)) << "the failing work's write was rolled back";
    } else {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i].ToString();
      EXPECT_TRUE(codes.count(code)) << code;
    }
  }
  EXPECT_EQ(commits.stats().works, kWorks - 1);
}

// A refused check wrote nothing: its caller gets the refusal, the others
// commit in the same transaction (no second attempt), and its work never runs.
TEST_P(CertificateIssuanceTest, RefusedCheckFailsAloneWithoutARecommit) {
  workflow::GroupCommit commits(*store_, 64);
  constexpr int kWorks = 6;
  std::atomic<int> started{0};
  std::atomic<int> refused_work_ran{0};
  std::vector<std::atomic<int>> checks(kWorks);
  std::vector<Status> results(kWorks);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWorks; ++i) {
    threads.emplace_back([&, i] {
      ++started;
      const workflow::GroupCommit::Work check = [&, i](store::Transaction& tx) -> Status {
        ++checks[i];
        while (i == 0 && started.load() < kWorks) std::this_thread::yield();
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        // The check reads in the committing transaction.
        AMS_RETURN_IF_ERROR(tx.agencies().List().status());
        if (i == 2) return Status::FailedPrecondition("refused_by_test");
        return Status();
      };
      results[i] = commits.Run(&check, [&, i](store::Transaction& tx) -> Status {
        if (i == 2) ++refused_work_ran;
        const std::string code = "R" + std::to_string(i);
        return tx.agencies().Create({0, code, "Agency " + code}).status();
      });
    });
  }
  for (auto& t : threads) t.join();
  const std::set<std::string> codes = AgencyCodes(*store_);
  for (int i = 0; i < kWorks; ++i) {
    const std::string code = "R" + std::to_string(i);
    if (i == 2) {
      EXPECT_EQ(results[i].reason(), "refused_by_test");
      EXPECT_FALSE(codes.count(code));
    } else {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i].ToString();
      EXPECT_TRUE(codes.count(code)) << code;
    }
  }
  EXPECT_EQ(refused_work_ran.load(), 0) << "a refused check's work does not run";
  // Nothing was rolled back and run again: each check ran once.
  for (int i = 0; i < kWorks; ++i) EXPECT_EQ(checks[i].load(), 1) << i;
  EXPECT_EQ(commits.stats().works, kWorks - 1);
}

// The committer keeps the priority of the thread that built the GroupCommit,
// not that of the first caller: the HTTP workers lower theirs so as not to
// crowd out the committer (web/http/server.cc), and a thread they started
// would inherit it.
TEST_P(CertificateIssuanceTest, CommitterKeepsItsCreatorsPriorityNotTheCallers) {
  const int creator_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  workflow::GroupCommit commits(*store_, 64);
  int caller_nice = 0;
  int committer_nice = 0;
  std::thread caller([&] {
    ASSERT_EQ(setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), creator_nice + 5), 0);
    caller_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    EXPECT_TRUE(commits.Run([&](store::Transaction&) -> Status {
      committer_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
      return Status();
    }).ok());
  });
  caller.join();
  EXPECT_EQ(caller_nice, creator_nice + 5);
  EXPECT_EQ(committer_nice, creator_nice);
}

INSTANTIATE_TEST_SUITE_P(Engines, CertificateIssuanceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams
