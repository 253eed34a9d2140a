// The admin's test mail on both engines: queued with its audit record,
// followed through the outbox to sent or given up, refused to non-admins.
#include "notify/test_mail.h"

#include <gtest/gtest.h>

#include "audit/audit_service.h"
#include "testutil/fresh_store.h"

namespace ams::notify {
namespace {

using testutil::Engine;

class TestMailServiceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    admin_.account_id = 1;
    admin_.email = "admin@pekalongankota.go.id";
    admin_.role = auth::Role::kAdmin;
  }

  int64_t AuditRecords() { return audit::AuditService(*store_).Verify(auth::Actor::System())->records; }

  // What the dispatcher does with the mail: claim it, then record `outcome`.
  void Deliver(bool ok, bool give_up = false) {
    Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(auto mails, tx.outbox().ClaimDue(clock_.Now(), clock_.Now(), 10));
      for (const OutgoingMail& m : mails) {
        if (ok) AMS_RETURN_IF_ERROR(tx.outbox().MarkSent(m.id, m.attempts, clock_.Now()).status());
        else if (give_up) AMS_RETURN_IF_ERROR(tx.outbox().GiveUp(m.id, m.attempts, "gave_up: 550", clock_.Now()).status());
        else AMS_RETURN_IF_ERROR(tx.outbox().MarkFailed(m.id, m.attempts, "connection refused", clock_.Now()).status());
      }
      return Status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  FakeClock clock_{FromUnixSeconds(1796096195)};
  SecureRandom random_;
  std::unique_ptr<store::Store> store_;
  auth::Actor admin_;
};

TEST_P(TestMailServiceTest, QueuedAuditedThenSent) {
  TestMailService service(*store_, clock_, random_);
  const int64_t before = AuditRecords();
  Result<std::string> ticket = service.Send(admin_, "Uji@Pekalongankota.go.id");
  ASSERT_TRUE(ticket.ok()) << ticket.status().ToString();
  EXPECT_EQ(AuditRecords(), before + 1);
  Result<TestMailStatus> status = service.Lookup(admin_, *ticket);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->state, TestMailStatus::State::kQueued);
  EXPECT_EQ(status->to, "uji@pekalongankota.go.id");

  Deliver(false);
  status = service.Lookup(admin_, *ticket);
  EXPECT_EQ(status->state, TestMailStatus::State::kRetrying);
  EXPECT_EQ(status->last_error, "connection refused");
  EXPECT_EQ(status->attempts, 1);

  clock_.Advance(std::chrono::seconds(1));
  Deliver(true);
  status = service.Lookup(admin_, *ticket);
  EXPECT_EQ(status->state, TestMailStatus::State::kSent);
  ASSERT_TRUE(status->sent_at.has_value());
}

TEST_P(TestMailServiceTest, GivenUpIsReported) {
  TestMailService service(*store_, clock_, random_);
  Result<std::string> ticket = service.Send(admin_, "uji@pekalongankota.go.id");
  ASSERT_TRUE(ticket.ok());
  Deliver(false, /*give_up=*/true);
  EXPECT_EQ(service.Lookup(admin_, *ticket)->state, TestMailStatus::State::kGivenUp);
}

TEST_P(TestMailServiceTest, RefusalsChangeNothing) {
  TestMailService service(*store_, clock_, random_);
  const int64_t before = AuditRecords();
  auth::Actor auditor = admin_;
  auditor.role = auth::Role::kAuditor;
  EXPECT_EQ(service.Send(auditor, "uji@pekalongankota.go.id").status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(service.Send(admin_, "bukan alamat").status().reason(), "invalid_email");
  EXPECT_EQ(service.Send(admin_, "a@b.id\r\nBcc: x@y.id").status().reason(), "invalid_email");
  EXPECT_EQ(AuditRecords(), before);
  int64_t pending = -1;
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
                      AMS_ASSIGN_OR_RETURN(pending, tx.outbox().CountPending());
                      return Status();
                    }).ok());
  EXPECT_EQ(pending, 0);
  EXPECT_EQ(service.Lookup(admin_, "../etc").status().reason(), "test_mail_not_found");
  EXPECT_EQ(service.Lookup(admin_, "AAAAAAAAAAAAAAAAAAAAAA").status().reason(), "test_mail_not_found");
}

INSTANTIATE_TEST_SUITE_P(Engines, TestMailServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams::notify
