#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "workflow/request_state.h"
#include "workflow/sop.h"

namespace ams::workflow {

// One request of a procedure (DESIGN.md "Requests"). A plain value; the
// request service is the only writer.
struct Request {
  int64_t id = 0;
  RequestKind kind = RequestKind::kDataChange;
  int64_t account_id = 0;  // the applicant
  int64_t agency_id = 0;   // whose operators work it (the applicant's agency)
  RequestState state = RequestState::kSubmitted;
  // The proposed identity fields by IdentityFieldNames() name, normalised:
  // for a data change only the fields that change, for a registration all.
  std::map<std::string, std::string> proposed;
  std::vector<int64_t> documents;  // attached document ids
  std::string note;                // the applicant's note
  std::string reject_reason;       // required when rejected; the applicant sees it
  std::optional<int64_t> previous_id;  // the rejected request this one follows
  std::optional<int64_t> identity_before;  // version id in force when submitted
  std::optional<int64_t> identity_after;   // version id approval put in force
  std::vector<std::string> certificates;   // serials to revoke (SOP step 6)
  std::string ownership;                   // SOP step 5: "", "none" or "owns"
  std::optional<int64_t> claimed_by;       // the operator verifying it (step 2)
  std::optional<TimePoint> claimed_at;     // when that operator started (step 2's start)
  std::optional<int64_t> decided_by;
  int64_t version = 0;  // bumped by every transition: a stale writer loses
  TimePoint created_at;
  TimePoint updated_at;
};

// One step of a request as it happened: who, from when to when, against
// which standard time. A plain value.
struct RequestStep {
  int64_t id = 0;
  int64_t request_id = 0;
  int step = 0;                      // the SOP step number
  std::optional<int64_t> actor_id;   // nullopt: the system
  int64_t agency_id = 0;
  RequestKind kind = RequestKind::kDataChange;
  TimePoint started_at;
  TimePoint ended_at;
  std::chrono::seconds standard_time{0};  // in force when the step ended
  std::string output;                     // what the step produced, e.g. "approved"
};

// Which requests the operator queue shows. Empty fields do not filter.
struct QueueFilter {
  std::vector<RequestState> states;  // default (empty): submitted
  std::vector<int64_t> agencies;     // empty: every agency
  std::optional<RequestKind> kind;
  std::optional<TimePoint> submitted_before;  // age filter: older than this
  int limit = 200;
  int offset = 0;
};

// A standard time as set by an admin (overrides StepsOf()'s default).
struct StandardTime {
  RequestKind kind = RequestKind::kDataChange;
  int step = 0;
  std::chrono::seconds seconds{0};
};

Result<RequestKind> ParseRequestKind(const std::string& text);    // kInvalidArgument "invalid_kind"
Result<RequestState> ParseRequestState(const std::string& text);  // kInvalidArgument "invalid_state"

// True for states no event leaves (rejected, completed).
bool IsFinal(RequestState state);

}  // namespace ams::workflow
