// NotificationRepo and Notifier on both engines: what the in-app list shows,
// that nobody reads or marks another's notifications, and that a notice (its
// in-app row and its mail) commits or vanishes with the caller's transaction.
#include <gtest/gtest.h>

#include "notify/notifier.h"
#include "testutil/fresh_store.h"

namespace ams {
namespace {

using notify::Notice;
using notify::Notification;
using testutil::Engine;

class NotificationStoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    alice_ = AddAccount("alice@pekalongankota.go.id", "Alice Wulandari");
    bob_ = AddAccount("bob@pekalongankota.go.id", "Bob Santoso");
  }

  int64_t AddAccount(const std::string& email, const std::string& name) {
    int64_t id = 0;
    Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
      auth::Account a;
      a.email = email;
      a.display_name = name;
      a.password_hash = "x";
      a.created_at = clock_.Now();
      AMS_ASSIGN_OR_RETURN(id, tx.accounts().Create(a));
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return id;
  }

  int64_t Add(int64_t account, const std::string& title) {
    Notification n;
    n.account_id = account;
    n.event = "request_submitted";
    n.title_id = title;
    n.title_en = title + " (en)";
    n.body_id = "isi";
    n.body_en = "body";
    n.link = "http://h/requests/1";
    n.created_at = clock_.Now();
    int64_t id = 0;
    Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(id, tx.notifications().Add(n));
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return id;
  }

  std::vector<Notification> List(int64_t account, int limit = 50, int offset = 0,
                                 bool unread_only = false) {
    std::vector<Notification> out;
    Status s = store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(out, tx.notifications().List(account, limit, offset, unread_only));
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  int64_t Unread(int64_t account) {
    int64_t n = -1;
    Status s = store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(n, tx.notifications().CountUnread(account));
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return n;
  }

  int64_t PendingMail() {
    int64_t n = -1;
    Status s = store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(n, tx.outbox().CountPending());
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return n;
  }

  // Every unsent mail.
  std::vector<notify::OutgoingMail> Mails() {
    std::vector<notify::OutgoingMail> rows;
    Status s = store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(rows, tx.outbox().ListUnsent(1000));
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return rows;
  }

  Status Notify(const Notice& notice) {
    return store_->InTransaction(
        [&](store::Transaction& tx) { return notifier_.Notify(tx, notice); });
  }

  FakeClock clock_{FromUnixSeconds(1796096195)};
  std::unique_ptr<store::Store> store_;
  notify::Notifier notifier_{clock_, "https://ams.pekalongankota.go.id"};
  int64_t alice_ = 0, bob_ = 0;
};

TEST_P(NotificationStoreTest, ListsNewestFirstWithPagesAndUnreadFilter) {
  const int64_t first = Add(alice_, "satu");
  clock_.Advance(std::chrono::seconds(5));
  const int64_t second = Add(alice_, "dua");
  const int64_t third = Add(alice_, "tiga");
  Add(bob_, "punya bob");

  std::vector<Notification> all = List(alice_);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, third);
  EXPECT_EQ(all[1].id, second);
  EXPECT_EQ(all[2].id, first);
  EXPECT_EQ(all[2].title_id, "satu");
  EXPECT_EQ(all[2].title_en, "satu (en)");
  EXPECT_EQ(all[2].link, "http://h/requests/1");
  EXPECT_EQ(all[2].created_at, FromUnixSeconds(1796096195));
  EXPECT_FALSE(all[2].read_at.has_value());

  std::vector<Notification> page = List(alice_, 1, 1);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, second);
  EXPECT_TRUE(List(alice_, 10, 3).empty());

  EXPECT_EQ(Unread(alice_), 3);
  Status s = store_->InTransaction([&](store::Transaction& tx) {
    return tx.notifications().MarkRead(alice_, second, clock_.Now());
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Unread(alice_), 2);
  std::vector<Notification> unread = List(alice_, 50, 0, true);
  ASSERT_EQ(unread.size(), 2u);
  EXPECT_EQ(unread[0].id, third);
  EXPECT_EQ(unread[1].id, first);
  EXPECT_EQ(List(alice_)[1].read_at, clock_.Now());
  EXPECT_EQ(Unread(bob_), 1);
}

TEST_P(NotificationStoreTest, MarkReadKeepsTheFirstReadTime) {
  const int64_t id = Add(alice_, "satu");
  const TimePoint first_read = clock_.Now();
  for (int i = 0; i < 2; ++i) {
    Status s = store_->InTransaction([&](store::Transaction& tx) {
      return tx.notifications().MarkRead(alice_, id, clock_.Now());
    });
    ASSERT_TRUE(s.ok()) << "marking twice is fine: " << s.ToString();
    clock_.Advance(std::chrono::hours(1));
  }
  EXPECT_EQ(List(alice_)[0].read_at, first_read);
}

TEST_P(NotificationStoreTest, AnotherAccountsNotificationIsNotFoundAndStaysUnread) {
  const int64_t bobs = Add(bob_, "punya bob");
  for (int64_t id : {bobs, bobs + 1000}) {
    Status s = store_->InTransaction([&](store::Transaction& tx) {
      return tx.notifications().MarkRead(alice_, id, clock_.Now());
    });
    EXPECT_EQ(s.code(), Code::kNotFound) << id;
    EXPECT_EQ(s.reason(), "notification_not_found") << id;
  }
  EXPECT_EQ(Unread(bob_), 1);
}

TEST_P(NotificationStoreTest, MarkAllReadTouchesOnlyTheAccountsUnreadOnes) {
  Add(alice_, "satu");
  Add(alice_, "dua");
  Add(bob_, "punya bob");
  int64_t changed = -1;
  Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(changed, tx.notifications().MarkAllRead(alice_, clock_.Now()));
    return Status();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(changed, 2);
  EXPECT_EQ(Unread(alice_), 0);
  EXPECT_EQ(Unread(bob_), 1);
  s = store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(changed, tx.notifications().MarkAllRead(alice_, clock_.Now()));
    return Status();
  });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(changed, 0);
}

TEST_P(NotificationStoreTest, NotifyStoresTheNoticeAndEnqueuesOneBilingualMail) {
  Status s = Notify({alice_, "request_rejected",
                     {{"request_id", "12"}, {"kind", "data_change"}, {"reason", "KTP buram"}},
                     ""});
  ASSERT_TRUE(s.ok()) << s.ToString();

  std::vector<Notification> list = List(alice_);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].event, "request_rejected");
  EXPECT_EQ(list[0].title_id, "Permohonan perubahan data #12 ditolak");
  EXPECT_EQ(list[0].title_en, "Your data change request #12 was rejected");
  EXPECT_EQ(list[0].link, "https://ams.pekalongankota.go.id/requests/12");
  EXPECT_NE(list[0].body_id.find("KTP buram"), std::string::npos);
  EXPECT_EQ(list[0].created_at, clock_.Now());

  std::vector<notify::OutgoingMail> mails = Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "alice@pekalongankota.go.id");
  EXPECT_EQ(mails[0].subject,
            "AMS: Permohonan perubahan data #12 ditolak / "
            "Your data change request #12 was rejected");
  const std::string& body = mails[0].body_text;
  const size_t id_part = body.find("Yth. Alice Wulandari,");
  const size_t en_part = body.find("Dear Alice Wulandari,");
  ASSERT_NE(id_part, std::string::npos);
  ASSERT_NE(en_part, std::string::npos);
  EXPECT_LT(id_part, en_part) << "Bahasa Indonesia first";
  EXPECT_NE(body.find("https://ams.pekalongankota.go.id/requests/12"), std::string::npos);
  EXPECT_EQ(mails[0].next_attempt_at, clock_.Now());
}

TEST_P(NotificationStoreTest, NotifyCommitsOrRollsBackWithTheCallersTransaction) {
  Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_RETURN_IF_ERROR(
        notifier_.Notify(tx, {alice_, "request_submitted", {{"request_id", "1"}, {"kind", "renewal"}}, ""}));
    return Status::Conflict("state_change_lost_a_race");
  });
  EXPECT_EQ(s.reason(), "state_change_lost_a_race");
  EXPECT_EQ(Unread(alice_), 0);
  EXPECT_EQ(PendingMail(), 0);
}

TEST_P(NotificationStoreTest, ADedupKeyMakesTheNoticeOnce) {
  const Notice reminder{alice_, "certificate_expiring",
                        {{"serial", "0A1B"}, {"days", "30"}, {"not_after", "2027-01-01"}},
                        "expiry:0A1B:30"};
  ASSERT_TRUE(Notify(reminder).ok());
  ASSERT_TRUE(Notify(reminder).ok()) << "the second is a quiet no-op";
  EXPECT_EQ(Unread(alice_), 1);
  EXPECT_EQ(PendingMail(), 1);
}

TEST_P(NotificationStoreTest, BadNoticesChangeNothing) {
  static const struct {
    int64_t account;  // 0: alice
    const char* event;
    std::map<std::string, std::string> params;
    Code code;
    const char* reason;
  } kCases[] = {
      {0, "request_exploded", {}, Code::kInvalidArgument, "unknown_notification_event"},
      {0, "request_approved", {{"request_id", "1"}}, Code::kInvalidArgument,
       "missing_notification_param"},
      {0, "request_approved", {{"request_id", "1"}, {"kind", "x"}}, Code::kInvalidArgument,
       "invalid_notification_param"},
      {999999, "request_approved", {{"request_id", "1"}, {"kind", "renewal"}}, Code::kNotFound,
       "account_not_found"},
  };
  for (const auto& c : kCases) {
    Status s = Notify({c.account == 0 ? alice_ : c.account, c.event, c.params, ""});
    EXPECT_EQ(s.code(), c.code) << c.event;
    EXPECT_EQ(s.reason(), c.reason) << c.event;
  }
  EXPECT_EQ(Unread(alice_), 0);
  EXPECT_EQ(PendingMail(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, NotificationStoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams
