#include "workflow/request_state.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>

#include "workflow/requests/request.h"
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

// Every (state, event) pair, each with its expected answer: an edge added to
// NextState that the DESIGN.md diagram does not have (say, one reviving a
// rejected request) fails here, whatever event it uses.
TEST(RequestStateTest, RefusesEveryTransitionOutOfOrder) {
  const S states[] = {S::kSubmitted, S::kApproved, S::kRejected, S::kRevocationRequired,
                      S::kCompleted};
  const E events[] = {E::kApprove,
                      E::kReject,
                      E::kOwnershipNone,
                      E::kOwnershipHasCertificates,
                      E::kLastCertificateRevoked,
                      E::kFinish};
  // The diagram's edges, plus kFinish for the procedures without an
  // ownership check (registration, an approved renewal).
  const std::map<std::pair<S, E>, S> kEdges = {
      {{S::kSubmitted, E::kApprove}, S::kApproved},
      {{S::kSubmitted, E::kReject}, S::kRejected},
      {{S::kApproved, E::kOwnershipNone}, S::kCompleted},
      {{S::kApproved, E::kOwnershipHasCertificates}, S::kRevocationRequired},
      {{S::kApproved, E::kFinish}, S::kCompleted},
      {{S::kRevocationRequired, E::kLastCertificateRevoked}, S::kCompleted},
  };
  int pairs = 0;
  for (S s : states) {
    for (E e : events) {
      ++pairs;
      const std::string what = std::string(ToString(s)) + " + " + ToString(e);
      Result<S> next = NextState(s, e);
      auto edge = kEdges.find({s, e});
      if (edge != kEdges.end()) {
        ASSERT_TRUE(next.ok()) << what;
        EXPECT_EQ(*next, edge->second) << what;
        continue;
      }
      ASSERT_FALSE(next.ok()) << what << " is not an edge of the diagram";
      EXPECT_EQ(next.status().code(), Code::kConflict) << what;
      EXPECT_EQ(next.status().reason(), std::string("request_") + ToString(s)) << what;
    }
  }
  EXPECT_EQ(pairs, 5 * 6) << "every state with every event";
  // A final state is one no event leaves: rejected and completed only.
  for (S s : states) {
    bool leaves = false;
    for (E e : events) leaves = leaves || NextState(s, e).ok();
    EXPECT_EQ(IsFinal(s), !leaves) << ToString(s);
  }
  EXPECT_TRUE(IsFinal(S::kRejected));
  EXPECT_TRUE(IsFinal(S::kCompleted));
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
  EXPECT_EQ(CheckIssuanceAllowed({.data_change_open = true,
                                  .valid_certificate_with_superseded_identity = std::nullopt})
                .reason(),
            "issuance_blocked_by_data_change");
  Status superseded = CheckIssuanceAllowed(
      {.data_change_open = false, .valid_certificate_with_superseded_identity = "0a1b"});
  EXPECT_EQ(superseded.code(), Code::kFailedPrecondition);
  EXPECT_EQ(superseded.reason(), "issuance_blocked_by_superseded_identity");
  EXPECT_NE(superseded.detail().find("affiliationChanged"), std::string::npos)
      << "the refusal says what to do";
  EXPECT_NE(superseded.detail().find("0a1b"), std::string::npos) << "and which certificate";
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
