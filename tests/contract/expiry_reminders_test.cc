// ExpiryReminders and NotificationService on both engines, with a fake clock:
// the 30/7/1-day windows that the end-to-end suite cannot wait for.
#include "notify/expiry_reminders.h"

#include <gtest/gtest.h>

#include "notify/notification_service.h"
#include "testutil/applicant.h"
#include "testutil/fresh_store.h"

namespace ams {
namespace {

using testutil::Engine;
using std::chrono::days;
using std::chrono::hours;

class ExpiryRemindersTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    reminders_ = std::make_unique<notify::ExpiryReminders>(*store_, notifier_, clock_);
    service_ = std::make_unique<notify::NotificationService>(*store_, clock_);
    Result<testutil::Applicant> siti = testutil::AddApplicant(
        *store_, {.agency_code = "DINKOMINFO",
                  .agency_name = "Dinas Komunikasi dan Informatika",
                  .created_at = clock_.Now()});
    ASSERT_TRUE(siti.ok()) << siti.status().ToString();
    account_ = siti->account_id;
    version_ = siti->identity_version_id;
  }

  void Insert(const std::string& serial, TimePoint not_after, bool revoke = false) {
    store::CertificateRecord c;
    c.serial_hex = serial;
    c.account_id = account_;
    c.identity_version_id = version_;
    c.ca_name = "issuing";
    c.der = "der";
    c.not_before = clock_.Now() - days(1);
    c.not_after = not_after;
    c.created_at = clock_.Now();
    Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
      AMS_RETURN_IF_ERROR(tx.certificates().Insert(c));
      if (revoke) {
        AMS_RETURN_IF_ERROR(tx.certificates()
                                .Revoke(serial, clock_.Now(), ca::RevocationReason::kSuperseded, "")
                                .status());
      }
      return Status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  notify::ReminderStats Run(TimePoint now) {
    Result<notify::ReminderStats> r = reminders_->RunOnce(now);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : notify::ReminderStats{};
  }

  std::vector<std::string> Titles() {
    auth::Actor actor;
    actor.account_id = account_;
    Result<notify::NotificationPage> page = service_->List(actor, 100, 0, false);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> out;
    if (page.ok()) {
      for (const auto& n : page->items) out.push_back(n.title_en);
    }
    return out;
  }

  FakeClock clock_{FromUnixSeconds(1796096195)};
  std::unique_ptr<store::Store> store_;
  notify::Notifier notifier_{clock_, "https://ams.example"};
  std::unique_ptr<notify::ExpiryReminders> reminders_;
  std::unique_ptr<notify::NotificationService> service_;
  int64_t account_ = 0, version_ = 0;
};

TEST_P(ExpiryRemindersTest, EachWindowRemindsOnceAndOnlyTheNearest) {
  const TimePoint end = clock_.Now() + days(40);
  Insert("0A", end);
  EXPECT_EQ(Run(end - days(31)).due, 0) << "not yet in the 30-day window";
  notify::ReminderStats at30 = Run(end - days(30));
  EXPECT_EQ(at30.due, 1);
  EXPECT_EQ(at30.sent, 1);
  EXPECT_EQ(Run(end - days(20)).sent, 0) << "the 30-day reminder went already";
  EXPECT_EQ(Run(end - days(6)).sent, 1);
  EXPECT_EQ(Run(end - hours(23)).sent, 1);
  EXPECT_EQ(Run(end - hours(1)).sent, 0);
  EXPECT_EQ(Run(end + hours(1)).due, 0) << "expired: nothing more";
  EXPECT_EQ(Titles(), (std::vector<std::string>{
                          "Electronic certificate 0A expires in 1 days",
                          "Electronic certificate 0A expires in 7 days",
                          "Electronic certificate 0A expires in 30 days"}));
}

TEST_P(ExpiryRemindersTest, FirstSeenInsideSevenDaysGetsOnlyTheSevenDayReminder) {
  const TimePoint end = clock_.Now() + days(5);
  Insert("0B", end);
  EXPECT_EQ(Run(clock_.Now()).sent, 1);
  EXPECT_EQ(Titles(), (std::vector<std::string>{"Electronic certificate 0B expires in 7 days"}));
}

TEST_P(ExpiryRemindersTest, RevokedCertificatesAreNotReminded) {
  Insert("0C", clock_.Now() + days(3), /*revoke=*/true);
  EXPECT_EQ(Run(clock_.Now()).due, 0);
  EXPECT_TRUE(Titles().empty());
}

TEST_P(ExpiryRemindersTest, NotificationServiceRefusesBadPagesAndTheSystem) {
  auth::Actor actor;
  actor.account_id = account_;
  for (int limit : {0, 101, -1}) {
    EXPECT_EQ(service_->List(actor, limit, 0, false).status().reason(), "invalid_limit") << limit;
  }
  EXPECT_EQ(service_->List(actor, 10, -1, false).status().reason(), "invalid_offset");
  EXPECT_EQ(service_->List(auth::Actor::System(), 10, 0, false).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(service_->MarkRead(actor, 12345).status().reason(), "notification_not_found");
}

INSTANTIATE_TEST_SUITE_P(Engines, ExpiryRemindersTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams
