#include "workflow/request_state.h"

#include <gtest/gtest.h>

#include "workflow/sop.h"

namespace ams::workflow {
namespace {

using E = RequestEvent;
using S = RequestState;

TEST(RequestStateTest, FollowsTheDesignDiagram) {
  struct Case {
    S from;
    E event;
    S to;
    const char* why;
  } const kCases[] = {
      {S::kSubmitted, E::kApprove, S::kApproved, "step 3"},
      {S::kSubmitted, E::kReject, S::kRejected, "step 2, inconsistent"},
      {S::kApproved, E::kOwnershipNone, S::kCompleted, "step 5 -> 7"},
      {S::kApproved, E::kOwnershipHasCertificates, S::kRevocationRequired, "step 5 -> 6"},
      {S::kRevocationRequired, E::kLastCertificateRevoked, S::kCompleted, "step 6 -> 7"},
  };
  for (const Case& c : kCases) {
    Result<S> next = NextState(c.from, c.event);
    ASSERT_TRUE(next.ok()) << c.why;
    EXPECT_EQ(*next, c.to) << c.why;
  }
}

TEST(RequestStateTest, RefusesEveryTransitionOutOfOrder) {
  const S states[] = {S::kSubmitted, S::kApproved, S::kRejected, S::kRevocationRequired,
                      S::kCompleted};
  const E events[] = {E::kApprove, E::kReject, E::kOwnershipNone, E::kOwnershipHasCertificates,
                      E::kLastCertificateRevoked};
  int allowed = 0;
  for (S s : states) {
    for (E e : events) {
      Result<S> next = NextState(s, e);
      if (next.ok()) {
        ++allowed;
        continue;
      }
      EXPECT_EQ(next.status().code(), Code::kConflict) << ToString(s) << " + " << ToString(e);
      EXPECT_EQ(next.status().reason(), std::string("request_") + ToString(s));
    }
  }
  EXPECT_EQ(allowed, 5) << "only the five edges of the diagram";
  EXPECT_EQ(NextState(S::kCompleted, E::kApprove).status().reason(), "request_completed")
      << "approving a completed request is refused";
}

TEST(RequestStateTest, OnlyOperatorsOfTheAgencyOrAdminsDecide) {
  auth::Actor op;
  op.account_id = 2;
  op.role = auth::Role::kOperator;
  op.agencies = {10, 11};
  EXPECT_TRUE(CheckMayDecide(op, 5, 10).ok());
  EXPECT_EQ(CheckMayDecide(op, 5, 12).reason(), "not_your_agency");
  EXPECT_EQ(CheckMayDecide(op, 2, 10).reason(), "cannot_decide_own_request");
  auth::Actor applicant;
  applicant.account_id = 5;
  EXPECT_EQ(CheckMayDecide(applicant, 5, 10).reason(), "cannot_decide_own_request")
      << "an applicant approving their own request";
  applicant.account_id = 6;
  EXPECT_EQ(CheckMayDecide(applicant, 5, 10).reason(), "forbidden");
  auth::Actor admin;
  admin.account_id = 3;
  admin.role = auth::Role::kAdmin;
  EXPECT_TRUE(CheckMayDecide(admin, 5, 99).ok());
  auth::Actor auditor;
  auditor.account_id = 4;
  auditor.role = auth::Role::kAuditor;
  EXPECT_EQ(CheckMayDecide(auditor, 5, 10).reason(), "forbidden") << "auditors change nothing";
}

TEST(RequestStateTest, IssuanceRuleOfTheSopWarning) {
  EXPECT_TRUE(CheckIssuanceAllowed({}).ok());
  EXPECT_EQ(CheckIssuanceAllowed({.data_change_open = true}).reason(),
            "issuance_blocked_by_data_change");
  Status superseded = CheckIssuanceAllowed({.valid_certificate_with_superseded_identity = true});
  EXPECT_EQ(superseded.code(), Code::kFailedPrecondition);
  EXPECT_EQ(superseded.reason(), "issuance_blocked_by_superseded_identity");
  EXPECT_NE(superseded.detail().find("affiliationChanged"), std::string::npos)
      << "the refusal says what to do";
}

TEST(SopTest, DataChangeHasTheSevenStepsOfTheSop) {
  const auto& steps = StepsOf(RequestKind::kDataChange);
  ASSERT_EQ(steps.size(), 7u);
  EXPECT_EQ(TotalStandardTime(RequestKind::kDataChange), std::chrono::minutes(21));
  EXPECT_EQ(steps[5].standard_time, std::chrono::minutes(7)) << "step 6, revocation";
  EXPECT_EQ(steps[5].actor, StepActor::kApplicant);
  for (size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(steps[i].number, static_cast<int>(i + 1));
}

}  // namespace
}  // namespace ams::workflow
