#pragma once

#include <optional>
#include <string>

#include "auth/actor.h"
#include "base/result.h"

namespace ams::workflow {

// The states of a request (DESIGN.md "The data change procedure as states").
// Rejected and completed are final: a rejected request stays on record and
// the applicant's next request links to it.
enum class RequestState { kSubmitted, kApproved, kRejected, kRevocationRequired, kCompleted };

// What moves a request on.
enum class RequestEvent {
  kApprove,                   // SOP step 2/3: the operator found form and documents consistent
  kReject,                    // SOP step 2: inconsistent; a reason is required
  kOwnershipNone,             // SOP step 5: no valid certificate -> step 7
  kOwnershipHasCertificates,  // SOP step 5: valid certificates must be revoked (step 6)
  kLastCertificateRevoked,    // SOP step 6 done for the last certificate -> step 7
  kFinish,                    // procedures without an ownership check (registration)
};

const char* ToString(RequestState state);  // "submitted", "approved", ...
const char* ToString(RequestEvent event);

// The state after `event`, or kConflict "request_not_<state>" naming why the
// event does not apply (e.g. approving a completed request): nothing changes.
Result<RequestState> NextState(RequestState from, RequestEvent event);

// Operators decide on requests of applicants of their agencies; admins on
// any; nobody on their own. kPermissionDenied "cannot_decide_own_request" /
// "not_your_agency" / "forbidden".
Status CheckMayDecide(const auth::Actor& actor, int64_t applicant_id, int64_t applicant_agency);

// The facts the issuance rule of the SOP's warning looks at.
struct IssuanceFacts {
  bool data_change_open = false;  // a data change request that is not completed or rejected
  // The serial of a valid certificate whose subject is an identity version
  // that is no longer in force, if any.
  std::optional<std::string> valid_certificate_with_superseded_identity;
};

// The SOP's warning as a rule: no new certificate while a data change is open,
// or while a valid certificate carries identity data that is no longer
// current. kFailedPrecondition "issuance_blocked_by_data_change" /
// "issuance_blocked_by_superseded_identity"; the detail says what to do.
Status CheckIssuanceAllowed(const IssuanceFacts& facts);

}  // namespace ams::workflow
