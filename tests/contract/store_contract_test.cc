#include <gtest/gtest.h>

#include <thread>

#include "audit/chain.h"
#include "testutil/fresh_store.h"

namespace ams {
namespace {

using testutil::Engine;

class StoreContractTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
  }

  int64_t CountAudit() {
    int64_t n = 0;
    store::AuditHead head;
    EXPECT_TRUE(store_->ScanAudit([&](const audit::AuditRecord&) { return ++n, true; }, &head).ok());
    return n;
  }

  audit::AuditEvent Event(std::string action) {
    audit::AuditEvent e;
    e.actor_label = "system";
    e.action = std::move(action);
    e.object_type = "test";
    e.object_id = "1";
    e.at = FromUnixSeconds(1796096195);
    return e;
  }

  auth::Account NewAccount(std::string email) {
    auth::Account a;
    a.email = std::move(email);
    a.display_name = "Siti";
    a.password_hash = "$argon2id$fake";
    a.role = auth::Role::kApplicant;
    a.created_at = FromUnixSeconds(1796096195);
    return a;
  }

  std::unique_ptr<store::Store> store_;
};

TEST_P(StoreContractTest, MigrateTwiceAppliesNothingTheSecondTime) {
  auto again = store_->Migrate();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->empty());
  EXPECT_TRUE(store_->Ping());
}

TEST_P(StoreContractTest, FailedWorkLeavesNoAuditRecord) {
  const int64_t before = CountAudit();
  Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_RETURN_IF_ERROR(tx.audit().Append(Event("test.forced")).status());
    return Status::Conflict("forced_by_test");
  });
  EXPECT_EQ(s.reason(), "forced_by_test");
  EXPECT_EQ(CountAudit(), before);
}

TEST_P(StoreContractTest, OperatorsOfAnAgencyAreTheEnabledOperatorsAssignedToIt) {
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(int64_t dinas, tx.agencies().Create({0, "DINKES", "Dinas Kesehatan"}));
    AMS_ASSIGN_OR_RETURN(int64_t other, tx.agencies().Create({0, "DISDIK", "Dinas Pendidikan"}));
    auto make = [&](const std::string& email, auth::Role role, bool disabled) -> Result<int64_t> {
      auth::Account a = NewAccount(email);
      a.role = role;
      a.disabled = disabled;
      return tx.accounts().Create(a);
    };
    AMS_ASSIGN_OR_RETURN(int64_t op1, make("op1@pekalongankota.go.id", auth::Role::kOperator, false));
    AMS_ASSIGN_OR_RETURN(int64_t op2, make("op2@pekalongankota.go.id", auth::Role::kOperator, false));
    AMS_ASSIGN_OR_RETURN(int64_t off, make("off@pekalongankota.go.id", auth::Role::kOperator, true));
    AMS_ASSIGN_OR_RETURN(int64_t adm, make("adm@pekalongankota.go.id", auth::Role::kAdmin, false));
    AMS_RETURN_IF_ERROR(tx.accounts().AssignAgency(op1, dinas));
    AMS_RETURN_IF_ERROR(tx.accounts().AssignAgency(op2, other));
    AMS_RETURN_IF_ERROR(tx.accounts().AssignAgency(off, dinas));
    AMS_RETURN_IF_ERROR(tx.accounts().AssignAgency(adm, dinas));
    EXPECT_EQ(*tx.accounts().OperatorsOf(dinas), std::vector<int64_t>{op1})
        << "not the disabled operator, not the admin, not another agency's operator";
    EXPECT_EQ(*tx.accounts().OperatorsOf(other), std::vector<int64_t>{op2});
    EXPECT_TRUE(tx.accounts().OperatorsOf(other + 100)->empty());
    return Status();
  }).ok());
}

TEST_P(StoreContractTest, DuplicateEmailIsAConflictAndChangesNothing) {
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) {
    return tx.accounts().Create(NewAccount("siti@pekalongankota.go.id")).status();
  }).ok());
  Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_RETURN_IF_ERROR(tx.audit().Append(Event("account.created")).status());
    return tx.accounts().Create(NewAccount("siti@pekalongankota.go.id")).status();
  });
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.reason(), "email_taken");
  EXPECT_EQ(CountAudit(), 0);
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    auto all = tx.accounts().List();
    EXPECT_EQ(all->size(), 1u);
    return all.status();
  }).ok());
}

TEST_P(StoreContractTest, AccountRoundTripsEveryField) {
  auth::Account a = NewAccount("budi@pekalongankota.go.id");
  int64_t id = 0;
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(id, tx.accounts().Create(a));
    AMS_ASSIGN_OR_RETURN(auth::Account stored, tx.accounts().FindByIdForUpdate(id));
    stored.role = auth::Role::kOperator;
    stored.failed_logins = 3;
    stored.last_failed_login = FromUnixSeconds(1796096200);
    stored.totp_secret_stored = "00ff";
    stored.totp_enabled = true;
    stored.totp_last_step = 42;
    stored.email_verified = true;
    return tx.accounts().Update(stored);
  }).ok());
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(auth::Account b, tx.accounts().FindByEmail("budi@pekalongankota.go.id"));
    EXPECT_EQ(b.id, id);
    EXPECT_EQ(b.role, auth::Role::kOperator);
    EXPECT_EQ(b.failed_logins, 3);
    EXPECT_EQ(ToUnixSeconds(*b.last_failed_login), 1796096200);
    EXPECT_EQ(b.totp_secret_stored, "00ff");
    EXPECT_TRUE(b.totp_enabled);
    EXPECT_EQ(b.totp_last_step, 42);
    EXPECT_TRUE(b.email_verified);
    EXPECT_EQ(tx.accounts().FindById(id + 100).status().reason(), "account_not_found");
    return Status();
  }).ok());
}

TEST_P(StoreContractTest, OneTimeTokenWorksOnce) {
  int64_t id = 0;
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(id, tx.accounts().Create(NewAccount("a@b.go.id")));
    return tx.accounts().AddOneTimeToken("h1", id, auth::OneTimePurpose::kVerifyEmail,
                                         FromUnixSeconds(2000000000));
  }).ok());
  auto consume = [&]() {
    Result<int64_t> out = Status::Internal("unset");
    EXPECT_TRUE(store_->InTransaction([&](store::Transaction& tx) {
      out = tx.accounts().ConsumeOneTimeToken("h1", auth::OneTimePurpose::kVerifyEmail,
                                              FromUnixSeconds(1796096195));
      return Status();
    }).ok());
    return out;
  };
  auto first = consume();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, id);
  EXPECT_EQ(consume().status().reason(), "link_invalid");
}

// Transactions of one, two and three appends (a batch of issuances appends
// many; the head row is written once, at commit), some rolled back.
TEST_P(StoreContractTest, AuditChainStaysIntactUnderConcurrentAppends) {
  constexpr int kThreads = 4, kEach = 25;
  const int64_t before = CountAudit();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0}, appended{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int n = 1 + i % 3;
        const bool roll_back = i % 5 == 4;
        Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
          for (int k = 0; k < n; ++k) {
            AMS_RETURN_IF_ERROR(tx.audit().Append(Event("test.t" + std::to_string(t))).status());
          }
          if (roll_back) return Status::Conflict("forced_by_test");
          return Status();
        });
        if (roll_back) {
          if (s.reason() != "forced_by_test") ++failures;
        } else if (!s.ok()) {
          ++failures;
        } else {
          appended += n;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(CountAudit(), before + appended.load()) << "nothing of a rolled-back transaction";

  std::vector<audit::AuditRecord> records;
  store::AuditHead head;
  ASSERT_TRUE(store_->ScanAudit([&](const audit::AuditRecord& r) {
    records.push_back(r);
    return true;
  }, &head).ok());
  size_t i = 0;
  audit::ChainVerdict v = audit::VerifyChain(
      [&]() -> std::optional<audit::AuditRecord> {
        if (i == records.size()) return std::nullopt;
        return records[i++];
      },
      head.seq, head.hash);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.records, before + appended.load());
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(head.seq, records.back().seq) << "the head is the last record";
  EXPECT_EQ(head.hash, records.back().hash);
}

TEST_P(StoreContractTest, AuditQueryFiltersAndPages) {
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    for (const char* a : {"auth.login", "auth.login_failed", "user.role_changed", "auth.logout"}) {
      AMS_RETURN_IF_ERROR(tx.audit().Append(Event(a)).status());
    }
    return Status();
  }).ok());
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    audit::AuditFilter f;
    f.action = "auth.";
    AMS_ASSIGN_OR_RETURN(auto auth_events, tx.audit().Query(f));
    EXPECT_EQ(auth_events.size(), 3u);
    EXPECT_EQ(auth_events.front().event.action, "auth.logout") << "newest first";
    f.action = "auth.login";
    AMS_ASSIGN_OR_RETURN(auto exact, tx.audit().Query(f));
    EXPECT_EQ(exact.size(), 1u);
    audit::AuditFilter page;
    page.limit = 2;
    AMS_ASSIGN_OR_RETURN(auto first, tx.audit().Query(page));
    if (first.size() != 2u) return Status::Internal("expected a first page of 2");
    page.before_seq = first.back().seq;
    AMS_ASSIGN_OR_RETURN(auto second, tx.audit().Query(page));
    if (second.size() != 2u) return Status::Internal("expected a second page of 2");
    EXPECT_EQ(second.front().seq, 2);
    audit::AuditFilter evil;
    evil.object_id = "1' OR '1'='1";
    AMS_ASSIGN_OR_RETURN(auto none, tx.audit().Query(evil));
    EXPECT_TRUE(none.empty()) << "values are bound, never spliced into SQL";
    return Status();
  }).ok());
}

TEST_P(StoreContractTest, OutboxDeduplicatesAndClaimsDueMail) {
  notify::OutgoingMail m;
  m.to = "a@b.go.id";
  m.subject = "s";
  m.body_text = "b";
  m.dedup_key = "expiry:1:30";
  m.next_attempt_at = FromUnixSeconds(100);
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(bool first, tx.outbox().Enqueue(m));
    AMS_ASSIGN_OR_RETURN(bool second, tx.outbox().Enqueue(m));
    EXPECT_TRUE(first);
    EXPECT_FALSE(second);
    AMS_ASSIGN_OR_RETURN(auto none_due, tx.outbox().ClaimDue(FromUnixSeconds(99), FromUnixSeconds(159), 10));
    EXPECT_TRUE(none_due.empty());
    AMS_ASSIGN_OR_RETURN(auto due, tx.outbox().ClaimDue(FromUnixSeconds(100), FromUnixSeconds(160), 10));
    EXPECT_EQ(due.size(), 1u);
    EXPECT_EQ(due.at(0).attempts, 1);
    AMS_ASSIGN_OR_RETURN(auto leased, tx.outbox().ClaimDue(FromUnixSeconds(159), FromUnixSeconds(219), 10));
    EXPECT_TRUE(leased.empty()) << "leased until 160";
    AMS_ASSIGN_OR_RETURN(bool failed, tx.outbox().MarkFailed(due.at(0).id, 1, "down", FromUnixSeconds(200)));
    EXPECT_TRUE(failed);
    AMS_ASSIGN_OR_RETURN(auto retry, tx.outbox().ClaimDue(FromUnixSeconds(170), FromUnixSeconds(230), 10));
    EXPECT_TRUE(retry.empty()) << "backed off until 200";
    AMS_ASSIGN_OR_RETURN(auto again, tx.outbox().ClaimDue(FromUnixSeconds(200), FromUnixSeconds(260), 10));
    EXPECT_EQ(again.size(), 1u);
    AMS_ASSIGN_OR_RETURN(bool sent, tx.outbox().MarkSent(due.at(0).id, 2, FromUnixSeconds(201)));
    EXPECT_TRUE(sent);
    AMS_ASSIGN_OR_RETURN(int64_t pending, tx.outbox().CountPending());
    EXPECT_EQ(pending, 0);
    return Status();
  }).ok());
}

TEST_P(StoreContractTest, IdentityVersionsAreAppendedNeverOverwritten) {
  int64_t account = 0, agency = 0;
  identity::IdentityData d;
  d.full_name = "Dr. Siti Rahmawati, S.Kom., M.T.";
  d.nik = "3375014506900001";
  d.nip = "199006152015032001";
  d.email = "siti@pekalongankota.go.id";
  d.phone = "081234567890";
  d.unit = "Bidang Persandian";
  d.position = "Analis Kebijakan";
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(agency, tx.agencies().Create({0, "DISKOMINFO", "Diskominfo"}));
    AMS_ASSIGN_OR_RETURN(account, tx.accounts().Create(NewAccount(d.email)));
    d.agency_id = agency;
    AMS_RETURN_IF_ERROR(tx.identities().AddVersion(account, d, account, FromUnixSeconds(1)).status());
    identity::IdentityData changed = d;
    changed.position = "Kepala Bidang Persandian dan Statistik";
    return tx.identities().AddVersion(account, changed, account, FromUnixSeconds(2)).status();
  }).ok());
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(auto current, tx.identities().Current(account));
    EXPECT_EQ(current.version, 2);
    EXPECT_EQ(current.data.position, "Kepala Bidang Persandian dan Statistik");
    EXPECT_EQ(current.data.full_name, d.full_name);
    AMS_ASSIGN_OR_RETURN(auto history, tx.identities().History(account));
    EXPECT_EQ(history.size(), 2u);
    EXPECT_EQ(history.at(0).data.position, "Analis Kebijakan");
    EXPECT_TRUE(tx.identities().CheckUnique(account, d).ok()) << "own NIK is not a clash";
    EXPECT_EQ(tx.identities().CheckUnique(account + 1, d).reason(), "nik_taken");
    return Status();
  }).ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContractTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams
