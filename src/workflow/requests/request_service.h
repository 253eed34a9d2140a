#pragma once

// The procedures of SOP.md as a service: registration and data change
// requests that operators verify, and the record (request + timeline) of each
// issuance, renewal and revocation. Decides and records; the CA signs
// (workflow/certificates), storage is store::Store. No HTTP, no SQL.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "base/clock.h"
#include "base/result.h"
#include "identity/identity.h"
#include "store/store.h"
#include "workflow/certificates/certificate_hooks.h"
#include "workflow/requests/request.h"
#include "workflow/requests/timing_report.h"

namespace ams::workflow {

// A notification to one account, rendered and delivered by notify/ (in-app
// and e-mail through the outbox), inside the caller's transaction.
struct RequestNotice {
  int64_t account_id = 0;
  std::string event;  // "request_submitted", "request_approved", ...
  std::map<std::string, std::string> params;
};
using NotifyFn = std::function<Status(store::Transaction&, const RequestNotice&)>;

// What a request's attachments are, as the workflow needs to know it.
struct AttachedDocuments {
  std::optional<TimePoint> first_upload;  // the start of the applicant's step 1
  std::set<std::string> purposes;         // "ktp", "sk", "form", "supporting"
};

// Checks that `ids` are documents owned by `owner` and says what they are,
// inside the caller's transaction. kInvalidArgument "unknown_document"
// otherwise.
using DocumentCheckFn = std::function<Result<AttachedDocuments>(
    store::Transaction&, int64_t owner, const std::vector<int64_t>& ids)>;

struct RequestOptions {
  size_t max_documents = 10;
  // Registration and data change need the signed form (and supporting
  // documents): at least this many attached. Default: 1.
  size_t min_documents = 1;
  // Renewal goes through an operator's verification (a renewal request,
  // approved) before the certificate can be renewed. Default: false (the
  // identity is unchanged, so there is nothing to verify).
  bool renewal_needs_check = false;
  // A renewal request is refused before the certificate enters its renewal
  // window (the renewal itself would be): ca.renewal_window_days.
  std::chrono::seconds renewal_window{30 * 24 * 3600};
  std::vector<std::string> official_domains;  // for the operator's warnings
};

// A request with what its readers need beside it. Plain value.
struct RequestView {
  Request request;
  std::vector<RequestStep> steps;  // the timeline, by step number
  std::string applicant_email;
  std::string applicant_name;                      // from the current identity, if any
  std::optional<identity::IdentityData> current;   // identity in force now
  std::map<std::string, std::string> current_values;  // current, by field name
  std::vector<std::string> changed_fields;         // proposed fields that differ from current
  std::vector<std::string> warnings;               // for the operator (identity::Warnings)
  // The step the request waits on, since when, against which standard time;
  // `late` once that time has passed (the queue marks it).
  int waiting_step = 0;
  std::chrono::seconds waiting{0};
  std::chrono::seconds waiting_standard{0};
  bool late = false;
};

// One standard time in force, with the SOP's text. Plain value.
struct StandardTimeView {
  RequestKind kind = RequestKind::kDataChange;
  int step = 0;
  std::string name_id, name_en;
  std::chrono::seconds standard{0};
  std::chrono::seconds sop_default{0};
};

// Thread-safe; holds references to the store and clock (must outlive it).
class RequestService final : public CertificateHooks {
 public:
  RequestService(store::Store& store, const Clock& clock, RequestOptions options);

  // Wiring (call before serving): how notices and documents are handled.
  // Without a notifier nothing is sent; without a document check, document
  // ids are only checked for count and duplicates.
  void SetNotifier(NotifyFn notify) { notify_ = std::move(notify); }
  void SetDocumentCheck(DocumentCheckFn check) { check_documents_ = std::move(check); }

  // SOP step 1 of the data change: the applicant proposes new values for some
  // identity fields (by IdentityFieldNames() name; agency_id as digits).
  // kInvalidArgument "unknown_field", "nothing_changed", the identity's
  // validation codes ("invalid_nik", ...), "too_many_documents",
  // "documents_required", "unknown_document", "duplicate_document";
  // kFailedPrecondition "identity_not_verified" (register first);
  // kConflict "request_open" while another registration or data change of
  // the applicant is open, "nik_taken"/"nip_taken".
  Result<Request> SubmitDataChange(const auth::Actor& actor,
                                   const std::map<std::string, std::string>& proposed,
                                   const std::vector<int64_t>& documents, const std::string& note);
  // Registration (pendaftaran): the whole identity, for an account that has
  // none yet. kConflict "already_registered"; otherwise as above.
  // Renewal request (with ca.renewal_needs_check): fields {serial} of the
  // applicant's valid certificate and the signed form. kInvalidArgument
  // "renewal_needs_no_request" when renewals need no check.
  Result<Request> SubmitRenewal(const auth::Actor& actor,
                                const std::map<std::string, std::string>& fields,
                                const std::vector<int64_t>& documents, const std::string& note);
  Result<Request> SubmitRegistration(const auth::Actor& actor,
                                     const std::map<std::string, std::string>& data,
                                     const std::vector<int64_t>& documents,
                                     const std::string& note);

  // The operator starts verifying (SOP step 2 begins). `expected_version`,
  // when given, must match (else kConflict "request_changed").
  // kPermissionDenied "cannot_decide_own_request"/"not_your_agency"/"forbidden";
  // kConflict "request_<state>" out of order, "request_claimed" when another
  // operator is verifying it.
  Result<Request> Claim(const auth::Actor& actor, int64_t id,
                        std::optional<int64_t> expected_version);
  // Steps 2-5 (and 7 when the applicant owns no valid certificate).
  Result<Request> Approve(const auth::Actor& actor, int64_t id,
                          std::optional<int64_t> expected_version);
  // Step 2 with the result "inconsistent": kInvalidArgument "reason_required".
  Result<Request> Reject(const auth::Actor& actor, int64_t id, const std::string& reason,
                         std::optional<int64_t> expected_version);

  // Readers: the applicant (own), operators (their agencies), admins,
  // auditors; anyone else kNotFound "request_not_found".
  Result<RequestView> Get(const auth::Actor& actor, int64_t id);
  // The actor's own requests (account_id 0) or, for staff, an account's.
  Result<std::vector<RequestView>> List(const auth::Actor& actor, int64_t account_id);
  // The operator queue: operators see their agencies only. Oldest first.
  Result<std::vector<RequestView>> Queue(const auth::Actor& actor, QueueFilter filter);

  // Standard times in force (defaults of sop.h unless an admin set them).
  Result<std::vector<StandardTimeView>> StandardTimes();
  // Admins only: kPermissionDenied "forbidden"; kInvalidArgument
  // "invalid_step", "invalid_standard_time" (1 s .. 30 days).
  Status SetStandardTime(const auth::Actor& actor, RequestKind kind, int step,
                         std::chrono::seconds seconds);
  // Timing of the steps that ended in [from, to): auditors, admins, and
  // operators (their agencies only).
  Result<TimingReport> Report(const auth::Actor& actor, TimePoint from, TimePoint to);

  // CertificateHooks: the SOP's warning, and the record of certificate work.
  Status BeforeIssue(store::Transaction& tx, int64_t account_id) override;
  Status BeforeRenew(store::Transaction& tx, const store::CertificateRecord& old) override;
  Status AfterIssue(store::Transaction& tx, const auth::Actor& actor,
                    const store::CertificateRecord& cert, bool renewal, TimePoint now) override;
  Status AfterRevoke(store::Transaction& tx, const auth::Actor& actor,
                     const store::CertificateRecord& cert, ca::RevocationReason reason,
                     TimePoint now) override;

 private:
  Result<Request> Submit(const auth::Actor& actor, RequestKind kind,
                         const std::map<std::string, std::string>& fields,
                         const std::vector<int64_t>& documents, const std::string& note);
  Result<Request> Transition(const auth::Actor& actor, int64_t id,
                             std::optional<int64_t> expected_version,
                             const std::function<Status(store::Transaction&, Request&, TimePoint)>& change);
  Status Notify(store::Transaction& tx, int64_t account_id, const std::string& event,
                std::map<std::string, std::string> params) const;
  Status NotifyOperators(store::Transaction& tx, const Request& r, const std::string& name) const;
  Status AddStep(store::Transaction& tx, const Request& r, int step,
                 std::optional<int64_t> actor_id, TimePoint start, TimePoint end,
                 const std::string& output);
  Result<std::chrono::seconds> StandardIn(store::Transaction& tx, RequestKind kind, int step);
  Result<RequestView> ViewOf(store::Transaction& tx, Request r, TimePoint now);

  store::Store& store_;
  const Clock& clock_;
  RequestOptions options_;
  NotifyFn notify_;
  DocumentCheckFn check_documents_;
};

}  // namespace ams::workflow
