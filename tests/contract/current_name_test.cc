// A person's name has one source of truth, the identity in force (DESIGN.md
// "Identity"): once a data change is approved (SOP step 3), the account, its
// notices and every mail after it use identity version n+1, never the name
// given at sign-up or the name just changed. On both engines.
#include <gtest/gtest.h>

#include "notify/notifier.h"
#include "testutil/applicant.h"
#include "testutil/fresh_store.h"
#include "workflow/requests/request_service.h"

namespace ams {
namespace {

using testutil::Engine;

class CurrentNameTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    // Signed up as "Siti"; the verified identity says "Siti Rahmawati".
    Result<testutil::Applicant> siti =
        testutil::AddApplicant(*store_, {.display_name = "Siti", .created_at = clock_.Now()});
    ASSERT_TRUE(siti.ok()) << siti.status().ToString();
    applicant_.account_id = siti->account_id;
    applicant_.email = "siti@pekalongankota.go.id";
    applicant_.role = auth::Role::kApplicant;
    workflow::RequestOptions options;
    options.min_documents = 0;  // documents are the e2e suite's concern
    service_ = std::make_unique<workflow::RequestService>(*store_, clock_, options);
    service_->SetNotifier([this](store::Transaction& tx, const workflow::RequestNotice& n) {
      return notifier_.Notify(tx, notify::Notice{n.account_id, n.event, n.params, ""});
    });
  }

  std::string NameOnAccount() {
    std::string name;
    EXPECT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(auth::Account a, tx.accounts().FindById(applicant_.account_id));
      name = a.display_name;
      AMS_ASSIGN_OR_RETURN(auth::Account by_email, tx.accounts().FindByEmail(applicant_.email));
      EXPECT_EQ(by_email.display_name, name) << "every way to read the account";
      AMS_ASSIGN_OR_RETURN(std::vector<auth::Account> all, tx.accounts().List());
      for (const auth::Account& each : all) {
        if (each.id == a.id) {
          EXPECT_EQ(each.display_name, name) << "the accounts list";
        }
      }
      return Status();
    }).ok());
    return name;
  }

  // The bodies of the mails queued to the applicant, oldest first.
  std::vector<std::string> MailsToApplicant() {
    std::vector<std::string> bodies;
    EXPECT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(std::vector<notify::OutgoingMail> mails, tx.outbox().ListUnsent(100));
      for (const notify::OutgoingMail& m : mails) {
        if (m.to == applicant_.email) bodies.push_back(m.body_text);
      }
      return Status();
    }).ok());
    return bodies;
  }

  std::unique_ptr<store::Store> store_;
  FakeClock clock_{FromUnixSeconds(1796096195)};
  notify::Notifier notifier_{clock_, "https://ams.example.go.id"};
  auth::Actor applicant_;
  std::unique_ptr<workflow::RequestService> service_;
};

TEST_P(CurrentNameTest, TheAccountIsNamedByTheIdentityInForce) {
  EXPECT_EQ(NameOnAccount(), "Siti Rahmawati") << "the verified identity, not the sign-up name";

  Result<workflow::Request> submitted = service_->SubmitDataChange(
      applicant_, {{"full_name", "Siti Rahmawati Putri, S.Kom."}}, {}, "");
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  EXPECT_EQ(NameOnAccount(), "Siti Rahmawati") << "a proposal renames nobody";

  const auth::Actor system = auth::Actor::System();
  ASSERT_TRUE(service_->Claim(system, submitted->id, std::nullopt).ok());
  Result<workflow::Request> approved = service_->Approve(system, submitted->id, std::nullopt);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  ASSERT_EQ(approved->state, workflow::RequestState::kCompleted);
  EXPECT_EQ(NameOnAccount(), "Siti Rahmawati Putri, S.Kom.");

  // The approval's and the completion's mails (SOP steps 4 and 7) are
  // written after version n+1 is in force: they greet the new name.
  std::vector<std::string> mails = MailsToApplicant();
  ASSERT_GE(mails.size(), 3u) << "submitted, approved, completed";
  for (size_t i = 1; i < mails.size(); ++i) {
    EXPECT_NE(mails[i].find("Yth. Siti Rahmawati Putri, S.Kom.,"), std::string::npos) << mails[i];
    EXPECT_NE(mails[i].find("Dear Siti Rahmawati Putri, S.Kom.,"), std::string::npos) << mails[i];
  }
  EXPECT_NE(mails.front().find("Yth. Siti Rahmawati,"), std::string::npos)
      << "the submission's mail went out under the name then in force: " << mails.front();
}

TEST_P(CurrentNameTest, AnAccountWithoutIdentityKeepsItsSignUpName) {
  int64_t id = 0;
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    auth::Account a;
    a.email = "baru@pekalongankota.go.id";
    a.display_name = "Pendaftar Baru";
    a.created_at = clock_.Now();
    AMS_ASSIGN_OR_RETURN(id, tx.accounts().Create(a));
    // A write of the account's other fields leaves the name alone.
    AMS_ASSIGN_OR_RETURN(auth::Account stored, tx.accounts().FindById(id));
    stored.display_name = "not a field Update writes";
    stored.failed_logins = 2;
    return tx.accounts().Update(stored);
  }).ok());
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(auth::Account a, tx.accounts().FindById(id));
    EXPECT_EQ(a.display_name, "Pendaftar Baru");
    EXPECT_EQ(a.failed_logins, 2);
    return Status();
  }).ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, CurrentNameTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams
