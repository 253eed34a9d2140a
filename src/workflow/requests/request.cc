#include "workflow/requests/request.h"

namespace ams::workflow {

Result<RequestKind> ParseRequestKind(const std::string& text) {
  for (RequestKind k : {RequestKind::kRegistration, RequestKind::kIssuance, RequestKind::kDataChange,
                        RequestKind::kRenewal, RequestKind::kRevocation}) {
    if (text == ToString(k)) return k;
  }
  return Status::Invalid("invalid_kind", "kind must be registration, issuance, data_change, "
                                         "renewal or revocation");
}

Result<RequestState> ParseRequestState(const std::string& text) {
  for (RequestState s : {RequestState::kSubmitted, RequestState::kApproved, RequestState::kRejected,
                         RequestState::kRevocationRequired, RequestState::kCompleted}) {
    if (text == ToString(s)) return s;
  }
  return Status::Invalid("invalid_state", "unknown request state: " + text);
}

bool IsFinal(RequestState state) {
  return state == RequestState::kRejected || state == RequestState::kCompleted;
}

}  // namespace ams::workflow
