// documents::CheckCanRead on the real engines: an operator reads the
// documents of an applicant who is not registered yet only while that
// applicant's registration names one of the operator's agencies and is open.
#include "documents/document_access.h"

#include <gtest/gtest.h>

#include "testutil/fresh_store.h"

namespace ams::documents {
namespace {

using testutil::Engine;

class DocumentAccessTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(dinkes_, tx.agencies().Create({0, "DINKES", "Dinas Kesehatan"}));
      AMS_ASSIGN_OR_RETURN(bkd_, tx.agencies().Create({0, "BKD", "Badan Keuangan Daerah"}));
      auth::Account a;
      a.email = "baru@pekalongankota.go.id";
      a.display_name = "Rina Baru";
      a.role = auth::Role::kApplicant;
      a.email_verified = true;
      AMS_ASSIGN_OR_RETURN(applicant_, tx.accounts().Create(a));
      return Status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Status CanRead(const auth::Actor& actor) {
    return store_->Read([&](store::Transaction& tx) { return CheckCanRead(tx, actor, applicant_); });
  }

  auth::Actor Operator(int64_t agency) {
    auth::Actor a;
    a.account_id = 999;
    a.role = auth::Role::kOperator;
    a.agencies = {agency};
    return a;
  }

  std::unique_ptr<store::Store> store_;
  int64_t dinkes_ = 0, bkd_ = 0, applicant_ = 0;
};

TEST_P(DocumentAccessTest, OperatorOfAnOpenRegistrationsAgencyReadsItsDocuments) {
  EXPECT_EQ(CanRead(Operator(dinkes_)).reason(), "document_not_found") << "no identity, no request";

  workflow::Request r;
  r.kind = workflow::RequestKind::kRegistration;
  r.account_id = applicant_;
  r.agency_id = dinkes_;
  r.state = workflow::RequestState::kSubmitted;
  r.version = 1;
  Status made = store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(r.id, tx.requests().Create(r));
    return Status();
  });
  ASSERT_TRUE(made.ok()) << made.ToString();
  EXPECT_TRUE(CanRead(Operator(dinkes_)).ok()) << "SOP step 2: the operator verifies the KTP, SK and form";
  EXPECT_EQ(CanRead(Operator(bkd_)).reason(), "document_not_found") << "another agency's operator";

  r.state = workflow::RequestState::kRejected;
  Status rejected = store_->InTransaction([&](store::Transaction& tx) { return tx.requests().Update(r); });
  ASSERT_TRUE(rejected.ok()) << rejected.ToString();
  EXPECT_EQ(CanRead(Operator(dinkes_)).reason(), "document_not_found") << "not after the decision";
}

INSTANTIATE_TEST_SUITE_P(Engines, DocumentAccessTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams::documents
