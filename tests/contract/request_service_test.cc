// RequestService on both engines, for what the e2e suite over HTTP cannot
// reach: the system actor (the CLI, a scheduled task) deciding a request. It
// is no account, so the columns that reference accounts stay empty instead of
// naming a row that does not exist.
#include <gtest/gtest.h>

#include "testutil/applicant.h"
#include "testutil/fresh_store.h"
#include "workflow/requests/request_service.h"

namespace ams {
namespace {

using testutil::Engine;

class RequestServiceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    Result<testutil::Applicant> siti = testutil::AddApplicant(*store_, {.created_at = clock_.Now()});
    ASSERT_TRUE(siti.ok()) << siti.status().ToString();
    applicant_.account_id = siti->account_id;
    applicant_.email = "siti@pekalongankota.go.id";
    applicant_.role = auth::Role::kApplicant;
    workflow::RequestOptions options;
    options.min_documents = 0;  // documents are the e2e suite's concern
    service_ = std::make_unique<workflow::RequestService>(*store_, clock_, options);
  }

  std::unique_ptr<store::Store> store_;
  FakeClock clock_{FromUnixSeconds(1796096195)};
  auth::Actor applicant_;
  std::unique_ptr<workflow::RequestService> service_;
};

TEST_P(RequestServiceTest, TheSystemDecidesWithoutNamingAnAccount) {
  Result<workflow::Request> submitted =
      service_->SubmitDataChange(applicant_, {{"position", "Kepala Seksi"}}, {}, "");
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  const auth::Actor system = auth::Actor::System();
  ASSERT_TRUE(service_->Claim(system, submitted->id, std::nullopt).ok());
  Result<workflow::Request> approved = service_->Approve(system, submitted->id, std::nullopt);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->state, workflow::RequestState::kCompleted);
  EXPECT_FALSE(approved->decided_by.has_value());
  EXPECT_FALSE(approved->claimed_by.has_value());

  Result<workflow::RequestView> view = service_->Get(system, submitted->id);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  ASSERT_FALSE(view->steps.empty());
  EXPECT_EQ(view->steps.front().actor_id, applicant_.account_id);  // step 1: the applicant
  for (const workflow::RequestStep& step : view->steps) {
    if (step.step >= 2) {
      EXPECT_FALSE(step.actor_id.has_value()) << "step " << step.step;
    }
  }
}

TEST_P(RequestServiceTest, TheSystemSetsAStandardTime) {
  ASSERT_TRUE(service_->SetStandardTime(auth::Actor::System(), workflow::RequestKind::kDataChange, 2,
                                        std::chrono::seconds(600))
                  .ok());
  Result<std::vector<workflow::StandardTimeView>> times = service_->StandardTimes();
  ASSERT_TRUE(times.ok());
  bool found = false;
  for (const auto& t : *times) {
    if (t.kind == workflow::RequestKind::kDataChange && t.step == 2) {
      found = true;
      EXPECT_EQ(t.standard, std::chrono::seconds(600));
    }
  }
  EXPECT_TRUE(found);
}

INSTANTIATE_TEST_SUITE_P(Engines, RequestServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams
