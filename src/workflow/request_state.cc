#include "workflow/request_state.h"

#include <algorithm>

namespace ams::workflow {

const char* ToString(RequestState state) {
  switch (state) {
    case RequestState::kSubmitted: return "submitted";
    case RequestState::kApproved: return "approved";
    case RequestState::kRejected: return "rejected";
    case RequestState::kRevocationRequired: return "revocation_required";
    case RequestState::kCompleted: return "completed";
  }
  return "unknown";
}

const char* ToString(RequestEvent event) {
  switch (event) {
    case RequestEvent::kApprove: return "approve";
    case RequestEvent::kReject: return "reject";
    case RequestEvent::kOwnershipNone: return "ownership_none";
    case RequestEvent::kOwnershipHasCertificates: return "ownership_has_certificates";
    case RequestEvent::kLastCertificateRevoked: return "last_certificate_revoked";
    case RequestEvent::kFinish: return "finish";
  }
  return "unknown";
}

Result<RequestState> NextState(RequestState from, RequestEvent event) {
  // The only edges of the DESIGN.md diagram; anything else is out of order.
  struct Edge {
    RequestState from;
    RequestEvent event;
    RequestState to;
  };
  static constexpr Edge kEdges[] = {
      {RequestState::kSubmitted, RequestEvent::kApprove, RequestState::kApproved},
      {RequestState::kSubmitted, RequestEvent::kReject, RequestState::kRejected},
      {RequestState::kApproved, RequestEvent::kOwnershipNone, RequestState::kCompleted},
      {RequestState::kApproved, RequestEvent::kOwnershipHasCertificates,
       RequestState::kRevocationRequired},
      {RequestState::kRevocationRequired, RequestEvent::kLastCertificateRevoked,
       RequestState::kCompleted},
      {RequestState::kApproved, RequestEvent::kFinish, RequestState::kCompleted},
  };
  for (const Edge& e : kEdges) {
    if (e.from == from && e.event == event) return e.to;
  }
  return Status::Conflict(std::string("request_") + ToString(from),
                          std::string("cannot ") + ToString(event) + " a request that is " +
                              ToString(from));
}

Status CheckMayDecide(const auth::Actor& actor, int64_t applicant_id, int64_t applicant_agency) {
  if (!actor.is_system && actor.account_id == applicant_id) {
    return Status::PermissionDenied("cannot_decide_own_request");
  }
  if (actor.is_system || actor.role == auth::Role::kAdmin) return Status();
  if (actor.role != auth::Role::kOperator) return Status::PermissionDenied("forbidden");
  if (std::find(actor.agencies.begin(), actor.agencies.end(), applicant_agency) ==
      actor.agencies.end()) {
    return Status::PermissionDenied("not_your_agency");
  }
  return Status();
}

Status CheckIssuanceAllowed(const IssuanceFacts& facts) {
  if (facts.data_change_open) {
    return Status::FailedPrecondition(
        "issuance_blocked_by_data_change",
        "a data change request is in progress: wait for it to complete (and revoke the "
        "certificates it names), then request a new certificate");
  }
  if (facts.valid_certificate_with_superseded_identity) {
    return Status::FailedPrecondition(
        "issuance_blocked_by_superseded_identity",
        "certificate " + *facts.valid_certificate_with_superseded_identity +
            " carries identity data that is no longer current: revoke it with the reason "
            "affiliationChanged (identitas berubah), then request a new certificate");
  }
  return Status();
}

}  // namespace ams::workflow
