// The CertificateRepo promises, on SQLite and PostgreSQL (issue #3).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "testutil/applicant.h"
#include "testutil/fresh_store.h"

namespace ams {
namespace {

using store::CertificateRecord;
using testutil::Engine;

class CertificateStoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    // An account with an identity version: certificates reference both.
    Result<testutil::Applicant> siti =
        testutil::AddApplicant(*store_, {.identity_at = FromUnixSeconds(1)});
    ASSERT_TRUE(siti.ok()) << siti.status().ToString();
    account_ = siti->account_id;
    agency_ = siti->agency_id;
    version_ = siti->identity_version_id;
  }

  CertificateRecord Cert(std::string serial, int64_t created = 1796096195) {
    CertificateRecord c;
    c.serial_hex = std::move(serial);
    c.account_id = account_;
    c.identity_version_id = version_;
    c.ca_name = "issuing";
    c.der = std::string("\x30\x82\x00\x00\x00binary\xff", 11);
    c.not_before = FromUnixSeconds(created);
    c.not_after = FromUnixSeconds(created + 730 * 86400);
    c.created_at = FromUnixSeconds(created);
    return c;
  }

  Status Insert(const CertificateRecord& c) {
    return store_->InTransaction([&](store::Transaction& tx) { return tx.certificates().Insert(c); });
  }

  Result<CertificateRecord> Find(const std::string& serial) {
    std::optional<CertificateRecord> out;
    Status s = store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(out, tx.certificates().Find(serial));
      return Status();
    });
    if (!s.ok()) return s;
    return *out;
  }

  Status Revoke(const std::string& serial, ca::RevocationReason reason) {
    return store_->InTransaction([&](store::Transaction& tx) {
      return tx.certificates().Revoke(serial, FromUnixSeconds(1796100000), reason, "").status();
    });
  }

  int64_t Counter() {
    int64_t n = -1;
    EXPECT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(n, tx.certificates().RevocationCounter());
      return Status();
    }).ok());
    return n;
  }

  std::unique_ptr<store::Store> store_;
  int64_t account_ = 0;
  int64_t version_ = 0;
  int64_t agency_ = 0;
};

TEST_P(CertificateStoreTest, InsertFindAndListRoundTrip) {
  ASSERT_TRUE(Insert(Cert("0a01", 1796096195)).ok());
  ASSERT_TRUE(Insert(Cert("0a02", 1796096295)).ok());
  Result<CertificateRecord> c = Find("0a01");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->der, Cert("0a01").der) << "DER bytes survive the base64 column";
  EXPECT_EQ(c->account_id, account_);
  EXPECT_EQ(c->identity_version_id, version_);
  EXPECT_EQ(c->state, CertificateRecord::State::kValid);
  EXPECT_FALSE(c->revoked_at.has_value());
  EXPECT_EQ(c->not_after, FromUnixSeconds(1796096195 + 730 * 86400));
  EXPECT_EQ(Find("0a03").status().reason(), "certificate_not_found");
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    auto mine = tx.certificates().ListByAccount(account_);
    EXPECT_EQ(mine->size(), 2u);
    EXPECT_EQ((*mine)[0].serial_hex, "0a02") << "newest first";
    EXPECT_TRUE(tx.certificates().ListByAccount(account_ + 100)->empty());
    EXPECT_EQ(tx.certificates().ListAll(1)->size(), 1u);
    auto status = tx.certificates().StatusOf("0a01");
    EXPECT_TRUE(status->has_value());
    EXPECT_FALSE((*status)->revoked);
    EXPECT_FALSE(tx.certificates().StatusOf("ffff")->has_value());
    return Status();
  }).ok());
}

TEST_P(CertificateStoreTest, DuplicateSerialIsAConflictAndChangesNothing) {
  ASSERT_TRUE(Insert(Cert("0b01")).ok());
  CertificateRecord other = Cert("0b01");
  other.der = "different";
  Status s = Insert(other);
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.reason(), "serial_taken");
  EXPECT_EQ(Find("0b01")->der, Cert("0b01").der);
  // The insert is a statement prepared once per session (StatementCache):
  // after it failed, the same statement with other values works again.
  ASSERT_TRUE(Insert(Cert("0b02")).ok());
  EXPECT_EQ(Find("0b02")->der, Cert("0b02").der);
  EXPECT_EQ(Insert(Cert("0b02")).reason(), "serial_taken");
  ASSERT_TRUE(Insert(Cert("0b03")).ok());
}

TEST_P(CertificateStoreTest, RevokeTwiceIsAConflictAndChangesNothing) {
  ASSERT_TRUE(Insert(Cert("0c01")).ok());
  ASSERT_TRUE(Insert(Cert("0c02")).ok());
  EXPECT_EQ(Counter(), 0);
  ASSERT_TRUE(Revoke("0c01", ca::RevocationReason::kKeyCompromise).ok());
  EXPECT_EQ(Counter(), 1);
  Result<CertificateRecord> c = Find("0c01");
  EXPECT_EQ(c->state, CertificateRecord::State::kRevoked);
  EXPECT_EQ(c->reason, ca::RevocationReason::kKeyCompromise);
  EXPECT_EQ(c->revoked_at, FromUnixSeconds(1796100000));

  Status again = store_->InTransaction([&](store::Transaction& tx) {
    return tx.certificates()
        .Revoke("0c01", FromUnixSeconds(1796200000), ca::RevocationReason::kSuperseded, "")
        .status();
  });
  EXPECT_EQ(again.code(), Code::kConflict);
  EXPECT_EQ(again.reason(), "already_revoked");
  c = Find("0c01");
  EXPECT_EQ(c->reason, ca::RevocationReason::kKeyCompromise) << "nothing changed";
  EXPECT_EQ(c->revoked_at, FromUnixSeconds(1796100000));
  EXPECT_EQ(Counter(), 1) << "the failed revocation left the counter alone";

  Status unknown = Revoke("0c99", ca::RevocationReason::kUnspecified);
  EXPECT_EQ(unknown.code(), Code::kNotFound);
  EXPECT_EQ(Counter(), 1);

  ASSERT_TRUE(Revoke("0c02", ca::RevocationReason::kUnspecified).ok());
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    auto revoked = tx.certificates().ListRevoked("issuing");
    EXPECT_EQ(revoked->size(), 2u);
    EXPECT_EQ(*tx.certificates().RevokedSince(1), std::vector<std::string>{"0c02"});
    EXPECT_EQ(tx.certificates().RevokedSince(0)->size(), 2u);
    auto status = tx.certificates().StatusOf("0c01");
    EXPECT_TRUE((*status)->revoked);
    EXPECT_EQ((*status)->reason, ca::RevocationReason::kKeyCompromise);
    return Status();
  }).ok());
}

TEST_P(CertificateStoreTest, CrlNumberStrictlyIncreasesUnderConcurrentGeneration) {
  constexpr int kThreads = 4, kEach = 10;
  std::mutex mu;
  std::vector<int64_t> all;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      int64_t last = 0;
      for (int i = 0; i < kEach; ++i) {
        int64_t n = 0;
        Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
          AMS_ASSIGN_OR_RETURN(n, tx.certificates().NextCrlNumber("issuing"));
          return Status();
        });
        ASSERT_TRUE(s.ok()) << s.ToString();
        EXPECT_GT(n, last);
        last = n;
        std::lock_guard lock(mu);
        all.push_back(n);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> unique(all.begin(), all.end());
  EXPECT_EQ(unique.size(), all.size()) << "no number handed out twice";
  EXPECT_EQ(*unique.rbegin(), kThreads * kEach);

  // A stored CRL is only replaced by a higher number.
  store::CrlState crl;
  crl.ca_name = "issuing";
  crl.number = 7;
  crl.der = std::string("\x30\x00crl", 5);
  crl.this_update = FromUnixSeconds(1796096195);
  crl.next_update = FromUnixSeconds(1796096195 + 86400);
  crl.revocations_seen = 3;
  auto save = [&](const store::CrlState& c) {
    bool saved = false;
    EXPECT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(saved, tx.certificates().SaveCrl(c));
      return Status();
    }).ok());
    return saved;
  };
  EXPECT_TRUE(save(crl));
  store::CrlState older = crl;
  older.number = 6;
  older.der = "older";
  EXPECT_FALSE(save(older));
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    auto loaded = tx.certificates().LoadCrl("issuing", true);
    EXPECT_EQ(loaded->number, 7);
    EXPECT_EQ(loaded->der, crl.der);
    EXPECT_EQ(loaded->revocations_seen, 3);
    EXPECT_EQ(loaded->next_update, crl.next_update);
    EXPECT_EQ(tx.certificates().LoadCrl("nope", false).status().code(), Code::kNotFound);
    return Status();
  }).ok());
}

// The issuance rule's query (DESIGN.md): only a valid, unexpired certificate
// from another identity version blocks.
TEST_P(CertificateStoreTest, FindValidFromOtherIdentitySeesOnlyBlockingCertificates) {
  const TimePoint now = FromUnixSeconds(1796100000);
  auto find = [&](int64_t version) {
    std::optional<std::string> out;
    EXPECT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(out, tx.certificates().FindValidFromOtherIdentity(account_, version, now));
      return Status();
    }).ok());
    return out;
  };
  ASSERT_TRUE(Insert(Cert("0b01", 1796096195)).ok());
  EXPECT_EQ(find(version_), std::nullopt) << "a certificate of the current version does not block";

  int64_t v2 = 0;
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(identity::IdentityVersion current, tx.identities().Current(account_));
    identity::IdentityData d = current.data;
    d.position = "Kepala Seksi";
    AMS_ASSIGN_OR_RETURN(identity::IdentityVersion v,
                         tx.identities().AddVersion(account_, d, account_, FromUnixSeconds(2)));
    v2 = v.id;
    return Status();
  }).ok());
  EXPECT_EQ(find(v2), std::optional<std::string>("0b01")) << "valid, from the superseded version";

  CertificateRecord expired = Cert("0b02", 1796096195 - 800 * 86400);
  ASSERT_TRUE(Insert(expired).ok());
  ASSERT_TRUE(Revoke("0b01", ca::RevocationReason::kAffiliationChanged).ok());
  EXPECT_EQ(find(v2), std::nullopt) << "revoked and expired certificates do not block";
}

// The issuance rule's other question (RequestService::BeforeIssue): is a
// data change of the account still open? Completed issuances and rejected
// or completed data changes are not.
TEST_P(CertificateStoreTest, AnyOpenSeesOnlyNonFinalRequestsOfTheKind) {
  auto create = [&](workflow::RequestKind kind, workflow::RequestState state) {
    int64_t id = 0;
    EXPECT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
      workflow::Request r;
      r.kind = kind;
      r.account_id = account_;
      r.agency_id = agency_;
      r.state = state;
      r.created_at = r.updated_at = FromUnixSeconds(1796096195);
      AMS_ASSIGN_OR_RETURN(id, tx.requests().Create(r));
      return Status();
    }).ok());
    return id;
  };
  auto open = [&](workflow::RequestKind kind) {
    bool out = true;
    EXPECT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(out, tx.requests().AnyOpen(account_, kind));
      return Status();
    }).ok());
    return out;
  };
  using workflow::RequestKind;
  using workflow::RequestState;
  EXPECT_FALSE(open(RequestKind::kDataChange)) << "no request at all";
  create(RequestKind::kIssuance, RequestState::kCompleted);
  create(RequestKind::kDataChange, RequestState::kRejected);
  create(RequestKind::kDataChange, RequestState::kCompleted);
  EXPECT_FALSE(open(RequestKind::kDataChange)) << "only final data changes";
  create(RequestKind::kRenewal, RequestState::kSubmitted);
  EXPECT_FALSE(open(RequestKind::kDataChange)) << "an open request of another kind";
  EXPECT_TRUE(open(RequestKind::kRenewal));
  create(RequestKind::kDataChange, RequestState::kRevocationRequired);
  EXPECT_TRUE(open(RequestKind::kDataChange));
}

INSTANTIATE_TEST_SUITE_P(Engines, CertificateStoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams
