#include "workflow/requests/request_service.h"

#include "ca/serial.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "workflow/requests/request_fields.h"

namespace ams::workflow {

namespace {

// The account that acted, for the columns that reference accounts: none for
// the system (a CLI or a scheduled task), whose id 0 names no account.
std::optional<int64_t> ActorId(const auth::Actor& actor) {
  if (actor.is_system) return std::nullopt;
  return actor.account_id;
}

// The SOP's "kelengkapan": a registration brings the scanned ID card (KTP),
// the appointment decree (SK) and the signed registration form; a data
// change brings the signed data change form (supporting documents as the
// change needs them, judged by the operator).
Status CheckRequiredPurposes(RequestKind kind, const std::set<std::string>& purposes) {
  if (kind == RequestKind::kRegistration) {
    for (const char* needed : {"ktp", "sk", "form"}) {
      if (!purposes.contains(needed)) {
        return Status::Invalid("registration_documents_required", std::string("missing ") + needed);
      }
    }
  } else if (!purposes.contains("form")) {
    return Status::Invalid("signed_form_required", "attach the signed request form (purpose form)");
  }
  return Status();
}

using std::chrono::seconds;
constexpr size_t kMaxNote = 2000;
constexpr size_t kMaxReason = 1000;

bool Contains(const std::vector<int64_t>& v, int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Who may read a request: its applicant, the operators of its agency, admins,
// auditors. Everyone else learns nothing, not even that it exists.
Status CheckRead(const auth::Actor& a, const Request& r) {
  if (a.is_system || a.role == auth::Role::kAdmin || a.role == auth::Role::kAuditor) {
    return Status();
  }
  if (a.account_id == r.account_id) return Status();
  if (a.role == auth::Role::kOperator && Contains(a.agencies, r.agency_id)) return Status();
  return Status::NotFound("request_not_found");
}

audit::AuditEvent Event(const auth::Actor& actor, std::string action, const Request& r,
                        nlohmann::json details, TimePoint at) {
  audit::AuditEvent e;
  if (!actor.is_system) e.actor_id = actor.account_id;
  e.actor_label = actor.email;
  e.action = std::move(action);
  e.object_type = "request";
  e.object_id = std::to_string(r.id);
  details["kind"] = ToString(r.kind);
  details["account_id"] = r.account_id;
  details["state"] = ToString(r.state);
  e.details = details.dump();
  e.remote_addr = actor.remote_addr;
  e.at = at;
  return e;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The SOP step a request in `state` waits on, and since when.
std::pair<int, TimePoint> WaitingOn(const Request& r, const std::vector<RequestStep>& steps) {
  if (r.state == RequestState::kSubmitted) return {2, r.claimed_at.value_or(r.created_at)};
  if (r.state == RequestState::kRevocationRequired) {
    TimePoint since = r.updated_at;
    for (const RequestStep& s : steps) {
      if (s.step == 5) since = s.ended_at;
    }
    return {6, since};
  }
  return {0, r.updated_at};
}

}  // namespace

RequestService::RequestService(store::Store& store, const Clock& clock, RequestOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {}

Status RequestService::Notify(store::Transaction& tx, int64_t account_id, const std::string& event,
                              std::map<std::string, std::string> params) const {
  if (!notify_) return Status();
  return notify_(tx, RequestNotice{account_id, event, std::move(params)});
}

Status RequestService::NotifyOperators(store::Transaction& tx, const Request& r,
                                       const std::string& name) const {
  if (!notify_) return Status();
  AMS_ASSIGN_OR_RETURN(std::vector<int64_t> operators, tx.accounts().OperatorsOf(r.agency_id));
  for (int64_t id : operators) {
    AMS_RETURN_IF_ERROR(Notify(tx, id, "request_queued",
                               {{"request_id", std::to_string(r.id)},
                                {"kind", ToString(r.kind)},
                                {"applicant_name", name}}));
  }
  return Status();
}

Result<seconds> RequestService::StandardIn(store::Transaction& tx, RequestKind kind, int step) {
  AMS_ASSIGN_OR_RETURN(std::vector<StandardTime> set, tx.requests().StandardTimes());
  for (const StandardTime& t : set) {
    if (t.kind == kind && t.step == step) return t.seconds;
  }
  for (const SopStep& s : StepsOf(kind)) {
    if (s.number == step) return s.standard_time;
  }
  return seconds(0);
}

Status RequestService::AddStep(store::Transaction& tx, const Request& r, int step,
                               std::optional<int64_t> actor_id, TimePoint start, TimePoint end,
                               const std::string& output) {
  RequestStep s;
  s.request_id = r.id;
  s.step = step;
  s.actor_id = actor_id;
  s.agency_id = r.agency_id;
  s.kind = r.kind;
  s.started_at = std::min(start, end);
  s.ended_at = end;
  AMS_ASSIGN_OR_RETURN(s.standard_time, StandardIn(tx, r.kind, step));
  s.output = output;
  return tx.requests().AddStep(s);
}

Result<Request> RequestService::SubmitDataChange(const auth::Actor& actor,
                                                 const std::map<std::string, std::string>& proposed,
                                                 const std::vector<int64_t>& documents,
                                                 const std::string& note) {
  return Submit(actor, RequestKind::kDataChange, proposed, documents, note);
}

Result<Request> RequestService::SubmitRegistration(const auth::Actor& actor,
                                                   const std::map<std::string, std::string>& data,
                                                   const std::vector<int64_t>& documents,
                                                   const std::string& note) {
  return Submit(actor, RequestKind::kRegistration, data, documents, note);
}

Result<Request> RequestService::SubmitRenewal(const auth::Actor& actor,
                                              const std::map<std::string, std::string>& fields,
                                              const std::vector<int64_t>& documents,
                                              const std::string& note) {
  return Submit(actor, RequestKind::kRenewal, fields, documents, note);
}

Result<Request> RequestService::Submit(const auth::Actor& actor, RequestKind kind,
                                       const std::map<std::string, std::string>& fields,
                                       const std::vector<int64_t>& documents,
                                       const std::string& note) {
  if (actor.is_system || actor.role != auth::Role::kApplicant) {
    return Status::PermissionDenied("forbidden", "only applicants submit their own requests");
  }
  if (note.size() > kMaxNote) return Status::Invalid("invalid_text", "note: too long");
  if (documents.size() > options_.max_documents) {
    return Status::Invalid("too_many_documents",
                           "at most " + std::to_string(options_.max_documents) + " documents");
  }
  if (documents.size() < options_.min_documents) {
    return Status::Invalid("documents_required",
                           "attach the signed request form and the supporting documents");
  }
  if (std::set<int64_t>(documents.begin(), documents.end()).size() != documents.size()) {
    return Status::Invalid("duplicate_document");
  }
  std::string renewed_serial;
  if (kind == RequestKind::kRenewal) {
    if (!options_.renewal_needs_check) {
      return Status::Invalid("renewal_needs_no_request", "renew the certificate directly");
    }
    for (const auto& [name, value] : fields) {
      if (name != "serial") return Status::Invalid("unknown_field", "fields." + name);
    }
    auto serial = fields.find("serial");
    if (serial == fields.end()) return Status::Invalid("missing_field", "fields.serial: required");
    AMS_ASSIGN_OR_RETURN(std::vector<uint8_t> magnitude, ca::ParseSerialHex(serial->second));
    renewed_serial = ca::SerialHex(magnitude);
  } else if (fields.empty()) {
    return Status::Invalid("nothing_changed", "propose at least one new value");
  }

  std::optional<Request> made;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    const TimePoint now = clock_.Now();
    AMS_ASSIGN_OR_RETURN(auth::Account account, tx.accounts().FindByIdForUpdate(actor.account_id));
    Result<identity::IdentityVersion> current = tx.identities().Current(account.id);
    if (!current.ok() && current.status().code() != Code::kNotFound) return current.status();

    Request r;
    r.kind = kind;
    r.account_id = account.id;
    identity::IdentityData proposed;
    if (kind == RequestKind::kDataChange) {
      if (!current.ok()) {
        return Status::FailedPrecondition("identity_not_verified",
                                          "register first: there is no verified identity to change");
      }
      AMS_ASSIGN_OR_RETURN(proposed, ApplyFields(current->data, fields));
      std::vector<std::string> changed = identity::ChangedFields(current->data, proposed);
      if (changed.empty()) {
        return Status::Invalid("nothing_changed", "the proposed values are the current ones");
      }
      const auto all = FieldsOf(proposed);
      for (const std::string& f : changed) r.proposed[f] = all.at(f);
      r.identity_before = current->id;
      r.agency_id = current->data.agency_id;  // the operators who know the applicant
    } else if (kind == RequestKind::kRenewal) {
      if (!current.ok()) {
        return Status::FailedPrecondition("identity_not_verified", "register first");
      }
      Result<store::CertificateRecord> cert = tx.certificates().Find(renewed_serial);
      if (!cert.ok() || cert->account_id != account.id) {
        return cert.ok() || cert.status().code() == Code::kNotFound
                   ? Status::NotFound("certificate_not_found", renewed_serial)
                   : cert.status();
      }
      if (cert->state == store::CertificateRecord::State::kRevoked) {
        return Status::Conflict("already_revoked", renewed_serial);
      }
      // Not a request the operator would approve for nothing: the renewal
      // after approval would be refused the same way.
      const TimePoint renewable_from = cert->not_after - options_.renewal_window;
      if (now < renewable_from) {
        return Status::FailedPrecondition("renewal_too_early", renewed_serial + " renewable from " +
                                                                   FormatUtc(renewable_from));
      }
      proposed = current->data;
      r.certificates = {renewed_serial};
      r.identity_before = current->id;
      r.agency_id = current->data.agency_id;
    } else {
      if (current.ok()) {
        return Status::Conflict("already_registered",
                                "the identity is registered; request a data change instead");
      }
      for (const std::string& f : identity::IdentityFieldNames()) {
        if (f != "phone" && f != "unit" && !fields.count(f)) {
          return Status::Invalid("missing_field", f + ": required");
        }
      }
      AMS_ASSIGN_OR_RETURN(proposed, ApplyFields(identity::IdentityData{}, fields));
      r.proposed = FieldsOf(proposed);
      r.agency_id = proposed.agency_id;
    }
    Result<identity::Agency> agency = tx.agencies().Find(proposed.agency_id);
    if (!agency.ok()) return Status::Invalid("invalid_agency", "agency_id: no such agency");
    AMS_RETURN_IF_ERROR(tx.identities().CheckUnique(account.id, proposed));

    AMS_ASSIGN_OR_RETURN(std::vector<Request> mine, tx.requests().ListByAccount(account.id));
    for (const Request& other : mine) {
      const bool identity_kind =
          other.kind == RequestKind::kDataChange || other.kind == RequestKind::kRegistration;
      const bool same_family = kind == RequestKind::kRenewal ? other.kind == RequestKind::kRenewal
                                                             : identity_kind;
      if (same_family && !IsFinal(other.state)) {
        return Status::Conflict("request_open", "request " + std::to_string(other.id) +
                                                    " is still open: wait for its decision");
      }
    }
    // The resubmission links to the rejected request it follows (newest first).
    for (const Request& other : mine) {
      if (other.kind != kind) continue;
      if (other.state == RequestState::kRejected) r.previous_id = other.id;
      break;
    }

    TimePoint start = now;
    if (check_documents_) {
      AMS_ASSIGN_OR_RETURN(AttachedDocuments attached, check_documents_(tx, account.id, documents));
      AMS_RETURN_IF_ERROR(CheckRequiredPurposes(kind, attached.purposes));
      if (attached.first_upload && *attached.first_upload < now) start = *attached.first_upload;
    }
    r.documents = documents;
    r.note = note;
    r.state = RequestState::kSubmitted;
    r.created_at = now;
    r.updated_at = now;
    r.version = 1;
    AMS_ASSIGN_OR_RETURN(r.id, tx.requests().Create(r));
    AMS_RETURN_IF_ERROR(AddStep(tx, r, 1, account.id, start, now, "submitted"));
    AMS_RETURN_IF_ERROR(
        tx.audit()
            .Append(Event(actor, "request.submitted", r,
                          {{"fields", nlohmann::json(r.proposed)},
                           {"documents", r.documents},
                           {"previous_id", r.previous_id ? nlohmann::json(*r.previous_id) : nullptr}},
                          now))
            .status());
    AMS_RETURN_IF_ERROR(Notify(tx, account.id, "request_submitted",
                               {{"request_id", std::to_string(r.id)}, {"kind", ToString(kind)}}));
    AMS_RETURN_IF_ERROR(NotifyOperators(tx, r, proposed.full_name));
    made = std::move(r);
    return Status();
  });
  if (!s.ok()) return s;
  return std::move(*made);
}

Result<Request> RequestService::Transition(
    const auth::Actor& actor, int64_t id, std::optional<int64_t> expected_version,
    const std::function<Status(store::Transaction&, Request&, TimePoint)>& change) {
  std::optional<Request> out;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    const TimePoint now = clock_.Now();
    AMS_ASSIGN_OR_RETURN(Request r, tx.requests().Find(id));
    AMS_RETURN_IF_ERROR(CheckRead(actor, r));
    AMS_RETURN_IF_ERROR(CheckMayDecide(actor, r.account_id, r.agency_id));
    if (expected_version && *expected_version != r.version) {
      return Status::Conflict("request_changed", "someone else acted on this request first; reload it");
    }
    // Take the row first: the version check locks it, so of two operators
    // acting at once the second waits here and then fails with
    // request_changed before it has written anything.
    AMS_RETURN_IF_ERROR(tx.requests().Update(r));
    r.version += 1;
    AMS_RETURN_IF_ERROR(change(tx, r, now));
    r.updated_at = now;
    AMS_RETURN_IF_ERROR(tx.requests().Update(r));
    r.version += 1;
    out = std::move(r);
    return Status();
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

Result<Request> RequestService::Claim(const auth::Actor& actor, int64_t id,
                                      std::optional<int64_t> expected_version) {
  return Transition(actor, id, expected_version,
                    [&](store::Transaction& tx, Request& r, TimePoint now) -> Status {
                      if (r.state != RequestState::kSubmitted) {
                        return Status::Conflict(std::string("request_") + ToString(r.state),
                                                "only a submitted request can be verified");
                      }
                      if (r.claimed_by && *r.claimed_by != actor.account_id) {
                        return Status::Conflict("request_claimed",
                                                "another operator is verifying this request");
                      }
                      if (r.claimed_by) return Status();  // already ours: keep the start
                      r.claimed_by = ActorId(actor);
                      r.claimed_at = now;
                      return tx.audit().Append(Event(actor, "request.claimed", r, {}, now)).status();
                    });
}

Result<Request> RequestService::Reject(const auth::Actor& actor, int64_t id,
                                       const std::string& reason,
                                       std::optional<int64_t> expected_version) {
  const bool blank = std::all_of(reason.begin(), reason.end(),
                                 [](unsigned char c) { return std::isspace(c) != 0; });
  if (blank) {
    return Status::Invalid("reason_required", "say why, so the applicant can correct it");
  }
  if (reason.size() > kMaxReason) return Status::Invalid("invalid_text", "reason: too long");
  return Transition(
      actor, id, expected_version, [&](store::Transaction& tx, Request& r, TimePoint now) -> Status {
        AMS_ASSIGN_OR_RETURN(r.state, NextState(r.state, RequestEvent::kReject));
        r.reject_reason = reason;
        r.decided_by = ActorId(actor);
        AMS_RETURN_IF_ERROR(AddStep(tx, r, 2, actor.account_id, r.claimed_at.value_or(r.created_at),
                                    now, "rejected"));
        AMS_RETURN_IF_ERROR(
            tx.audit().Append(Event(actor, "request.rejected", r, {{"reason", reason}}, now)).status());
        return Notify(tx, r.account_id, "request_rejected",
                      {{"request_id", std::to_string(r.id)},
                       {"kind", ToString(r.kind)},
                       {"reason", reason}});
      });
}

Result<Request> RequestService::Approve(const auth::Actor& actor, int64_t id,
                                        std::optional<int64_t> expected_version) {
  return Transition(
      actor, id, expected_version, [&](store::Transaction& tx, Request& r, TimePoint now) -> Status {
        if (r.kind != RequestKind::kDataChange && r.kind != RequestKind::kRegistration &&
            r.kind != RequestKind::kRenewal) {
          return Status::Conflict("request_" + std::string(ToString(r.state)),
                                  "this kind of request needs no decision");
        }
        AMS_ASSIGN_OR_RETURN(r.state, NextState(r.state, RequestEvent::kApprove));
        r.decided_by = ActorId(actor);
        const std::optional<int64_t> op = ActorId(actor);
        // Step 2: the documents were consistent.
        AMS_RETURN_IF_ERROR(
            AddStep(tx, r, 2, op, r.claimed_at.value_or(r.created_at), now, "consistent"));
        if (r.kind == RequestKind::kRenewal) {
          // Approved: the applicant may now renew the certificate (step 3,
          // completed by AfterIssue).
          AMS_RETURN_IF_ERROR(tx.audit().Append(Event(actor, "request.approved", r, {}, now)).status());
          return Notify(tx, r.account_id, "request_approved",
                        {{"request_id", std::to_string(r.id)}, {"kind", ToString(r.kind)}});
        }

        // Step 3: the new identity version is in force (the old one kept).
        identity::IdentityData base;
        if (r.kind == RequestKind::kDataChange) {
          AMS_ASSIGN_OR_RETURN(identity::IdentityVersion current, tx.identities().Current(r.account_id));
          base = current.data;
        }
        AMS_ASSIGN_OR_RETURN(identity::IdentityData next, ApplyFields(base, r.proposed));
        AMS_RETURN_IF_ERROR(tx.identities().CheckUnique(r.account_id, next));
        AMS_ASSIGN_OR_RETURN(identity::IdentityVersion version,
                             tx.identities().AddVersion(r.account_id, next,
                                                        actor.is_system ? 0 : actor.account_id, now));
        r.identity_after = version.id;
        AMS_RETURN_IF_ERROR(AddStep(tx, r, 3, op, now, now, "approved"));
        AMS_RETURN_IF_ERROR(tx.audit()
                                .Append(Event(actor, "request.approved", r,
                                              {{"identity_version", version.version}}, now))
                                .status());
        // Step 4: the applicant is told (mail and in-app, with this commit).
        AMS_RETURN_IF_ERROR(Notify(tx, r.account_id, "request_approved",
                                   {{"request_id", std::to_string(r.id)}, {"kind", ToString(r.kind)}}));
        AMS_RETURN_IF_ERROR(AddStep(tx, r, 4, op, now, now, "notified"));
        if (r.kind == RequestKind::kRegistration) {
          AMS_ASSIGN_OR_RETURN(r.state, NextState(r.state, RequestEvent::kFinish));
          return tx.audit().Append(Event(actor, "request.completed", r, {}, now)).status();
        }

        // Step 5: does the applicant hold a valid certificate?
        AMS_ASSIGN_OR_RETURN(std::vector<store::CertificateRecord> certs,
                             tx.certificates().ListByAccount(r.account_id));
        r.certificates.clear();
        for (const store::CertificateRecord& c : certs) {
          if (c.state == store::CertificateRecord::State::kValid && c.not_after > now) {
            r.certificates.push_back(c.serial_hex);
          }
        }
        r.ownership = r.certificates.empty() ? "none" : "owns";
        AMS_RETURN_IF_ERROR(AddStep(tx, r, 5, op, now, now, r.ownership));
        if (r.certificates.empty()) {
          AMS_ASSIGN_OR_RETURN(r.state, NextState(r.state, RequestEvent::kOwnershipNone));
          AMS_RETURN_IF_ERROR(AddStep(tx, r, 7, std::nullopt, now, now, "notified"));
          AMS_RETURN_IF_ERROR(
              tx.audit().Append(Event(actor, "request.completed", r, {{"ownership", "none"}}, now)).status());
          return Notify(tx, r.account_id, "request_completed",
                        {{"request_id", std::to_string(r.id)}, {"kind", ToString(r.kind)}});
        }
        AMS_ASSIGN_OR_RETURN(r.state, NextState(r.state, RequestEvent::kOwnershipHasCertificates));
        AMS_RETURN_IF_ERROR(tx.audit()
                                .Append(Event(actor, "request.revocation_required", r,
                                              {{"certificates", r.certificates}}, now))
                                .status());
        return Notify(tx, r.account_id, "revocation_required",
                      {{"request_id", std::to_string(r.id)},
                       {"serials", Join(r.certificates)},
                       {"count", std::to_string(r.certificates.size())}});
      });
}

Result<RequestView> RequestService::ViewOf(store::Transaction& tx, Request r, TimePoint now) {
  RequestView v;
  AMS_ASSIGN_OR_RETURN(v.steps, tx.requests().Steps(r.id));
  AMS_ASSIGN_OR_RETURN(auth::Account applicant, tx.accounts().FindById(r.account_id));
  v.applicant_email = applicant.email;
  Result<identity::IdentityVersion> current = tx.identities().Current(r.account_id);
  if (current.ok()) {
    v.current = current->data;
    v.current_values = FieldsOf(current->data);
    v.applicant_name = current->data.full_name;
  } else if (r.proposed.count("full_name")) {
    v.applicant_name = r.proposed.at("full_name");
  }
  for (const auto& [field, value] : r.proposed) {
    auto it = v.current_values.find(field);
    if (it == v.current_values.end() || it->second != value) v.changed_fields.push_back(field);
  }
  Result<identity::IdentityData> proposed =
      ApplyFields(v.current.value_or(identity::IdentityData{}), r.proposed);
  if (proposed.ok() && !IsFinal(r.state)) v.warnings = proposed->Warnings(options_.official_domains);
  auto [step, since] = WaitingOn(r, v.steps);
  if (step != 0) {
    v.waiting_step = step;
    v.waiting = std::chrono::duration_cast<seconds>(now - since);
    AMS_ASSIGN_OR_RETURN(v.waiting_standard, StandardIn(tx, r.kind, step));
    v.late = v.waiting > v.waiting_standard;
  }
  v.request = std::move(r);
  return v;
}

Result<RequestView> RequestService::Get(const auth::Actor& actor, int64_t id) {
  std::optional<RequestView> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Request r, tx.requests().Find(id));
    AMS_RETURN_IF_ERROR(CheckRead(actor, r));
    AMS_ASSIGN_OR_RETURN(out, ViewOf(tx, std::move(r), clock_.Now()));
    return Status();
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

Result<std::vector<RequestView>> RequestService::List(const auth::Actor& actor, int64_t account_id) {
  if (account_id == 0) account_id = actor.account_id;
  std::vector<RequestView> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(std::vector<Request> found, tx.requests().ListByAccount(account_id));
    const TimePoint now = clock_.Now();
    for (Request& r : found) {
      if (!CheckRead(actor, r).ok()) continue;
      AMS_ASSIGN_OR_RETURN(RequestView v, ViewOf(tx, std::move(r), now));
      out.push_back(std::move(v));
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<RequestView>> RequestService::Queue(const auth::Actor& actor, QueueFilter filter) {
  if (!actor.is_system && actor.role != auth::Role::kOperator && actor.role != auth::Role::kAdmin &&
      actor.role != auth::Role::kAuditor) {
    return Status::PermissionDenied("forbidden", "the queue is for operators");
  }
  if (!actor.is_system && actor.role == auth::Role::kOperator) {
    // An operator's filter narrows their agencies; it never widens them.
    std::vector<int64_t> allowed;
    for (int64_t a : filter.agencies.empty() ? actor.agencies : filter.agencies) {
      if (Contains(actor.agencies, a)) allowed.push_back(a);
    }
    if (allowed.empty()) return std::vector<RequestView>{};
    filter.agencies = allowed;
  }
  if (filter.states.empty()) {
    filter.states = {RequestState::kSubmitted, RequestState::kRevocationRequired};
  }
  filter.limit = std::clamp(filter.limit, 1, 500);
  std::vector<RequestView> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(std::vector<Request> found, tx.requests().ListQueue(filter));
    const TimePoint now = clock_.Now();
    for (Request& r : found) {
      AMS_ASSIGN_OR_RETURN(RequestView v, ViewOf(tx, std::move(r), now));
      out.push_back(std::move(v));
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<StandardTimeView>> RequestService::StandardTimes() {
  std::vector<StandardTimeView> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(std::vector<StandardTime> set, tx.requests().StandardTimes());
    for (RequestKind kind : {RequestKind::kRegistration, RequestKind::kIssuance,
                             RequestKind::kDataChange, RequestKind::kRenewal,
                             RequestKind::kRevocation}) {
      for (const SopStep& step : StepsOf(kind)) {
        StandardTimeView v{kind, step.number, step.name_id, step.name_en, step.standard_time,
                           step.standard_time};
        for (const StandardTime& t : set) {
          if (t.kind == kind && t.step == step.number) v.standard = t.seconds;
        }
        out.push_back(std::move(v));
      }
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Status RequestService::SetStandardTime(const auth::Actor& actor, RequestKind kind, int step,
                                       seconds value) {
  if (!actor.is_system && actor.role != auth::Role::kAdmin) {
    return Status::PermissionDenied("forbidden", "only admins set standard times");
  }
  const auto& steps = StepsOf(kind);
  if (std::none_of(steps.begin(), steps.end(), [&](const SopStep& s) { return s.number == step; })) {
    return Status::Invalid("invalid_step", "the procedure has no such step");
  }
  if (value < seconds(1) || value > std::chrono::hours(24 * 30)) {
    return Status::Invalid("invalid_standard_time", "between 1 second and 30 days");
  }
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    const TimePoint now = clock_.Now();
    AMS_RETURN_IF_ERROR(tx.requests().SetStandardTime({kind, step, value}, ActorId(actor), now));
    audit::AuditEvent e;
    if (!actor.is_system) e.actor_id = actor.account_id;
    e.actor_label = actor.email;
    e.action = "sop.standard_time_set";
    e.object_type = "sop_step";
    e.object_id = std::string(ToString(kind)) + ":" + std::to_string(step);
    e.details = nlohmann::json{{"seconds", value.count()}}.dump();
    e.remote_addr = actor.remote_addr;
    e.at = now;
    return tx.audit().Append(e).status();
  });
}

Result<TimingReport> RequestService::Report(const auth::Actor& actor, TimePoint from, TimePoint to) {
  const bool operator_only = !actor.is_system && actor.role == auth::Role::kOperator;
  if (!actor.is_system && !operator_only && actor.role != auth::Role::kAdmin &&
      actor.role != auth::Role::kAuditor) {
    return Status::PermissionDenied("forbidden", "reports are for staff");
  }
  if (to <= from) return Status::Invalid("invalid_period", "the period ends before it starts");
  std::optional<TimingReport> out;
  AMS_ASSIGN_OR_RETURN(std::vector<StandardTimeView> standards, StandardTimes());
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(std::vector<RequestStep> steps, tx.requests().StepsEndedBetween(from, to));
    if (operator_only) {
      std::erase_if(steps, [&](const RequestStep& st) { return !Contains(actor.agencies, st.agency_id); });
    }
    out = BuildTimingReport(steps, from, to, [&](RequestKind kind, int step) {
      for (const StandardTimeView& v : standards) {
        if (v.kind == kind && v.step == step) return v.standard;
      }
      return seconds(0);
    });
    return Status();
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

Status RequestService::BeforeIssue(store::Transaction& tx, int64_t account_id) {
  // One LIMIT 1 query, not the account's whole history: this runs on every
  // issuance (twice with group commit) and every issuance adds a request.
  IssuanceFacts facts;
  AMS_ASSIGN_OR_RETURN(facts.data_change_open,
                       tx.requests().AnyOpen(account_id, RequestKind::kDataChange));
  return CheckIssuanceAllowed(facts);
}

namespace {

// The applicant's renewal request an operator approved and no certificate
// has used yet, if any (at most one renewal request is open at a time).
Result<std::optional<Request>> ApprovedRenewal(store::Transaction& tx, int64_t account_id) {
  AMS_ASSIGN_OR_RETURN(std::vector<Request> mine, tx.requests().ListByAccount(account_id));
  for (const Request& r : mine) {
    if (r.kind == RequestKind::kRenewal && r.state == RequestState::kApproved) return std::optional<Request>(r);
  }
  return std::optional<Request>();
}

}  // namespace

Status RequestService::BeforeRenew(store::Transaction& tx, const store::CertificateRecord& old) {
  if (!options_.renewal_needs_check) return Status();
  AMS_ASSIGN_OR_RETURN(std::optional<Request> approved, ApprovedRenewal(tx, old.account_id));
  if (!approved || approved->certificates != std::vector<std::string>{old.serial_hex}) {
    return Status::FailedPrecondition("renewal_needs_approval",
                                      "submit a renewal request for " + old.serial_hex +
                                          " and wait for an operator's approval");
  }
  return Status();
}

// Issuance and renewal need no operator: they are recorded as completed
// requests, so every procedure has its timeline and shows in the report. A
// renewal an operator approved (renewal_needs_check) completes that request.
Status RequestService::AfterIssue(store::Transaction& tx, const auth::Actor& actor,
                                  const store::CertificateRecord& cert, bool renewal,
                                  TimePoint now) {
  if (renewal && options_.renewal_needs_check) {
    AMS_ASSIGN_OR_RETURN(std::optional<Request> approved, ApprovedRenewal(tx, cert.account_id));
    if (approved) {
      Request r = std::move(*approved);
      AMS_RETURN_IF_ERROR(tx.requests().Update(r));  // version guard: renewed once
      r.version += 1;
      AMS_ASSIGN_OR_RETURN(r.state, NextState(r.state, RequestEvent::kFinish));
      r.certificates.push_back(cert.serial_hex);
      r.updated_at = now;
      AMS_RETURN_IF_ERROR(tx.requests().Update(r));
      AMS_RETURN_IF_ERROR(AddStep(tx, r, 3, std::nullopt, r.updated_at, now, "issued"));
      AMS_RETURN_IF_ERROR(tx.audit()
                              .Append(Event(actor, "request.completed", r, {{"serial", cert.serial_hex}}, now))
                              .status());
      return Notify(tx, cert.account_id, "certificate_issued",
                    {{"serial", cert.serial_hex}, {"not_after", FormatUtc(cert.not_after)}});
    }
  }
  AMS_ASSIGN_OR_RETURN(identity::IdentityVersion current, tx.identities().Current(cert.account_id));
  Request r;
  r.kind = renewal ? RequestKind::kRenewal : RequestKind::kIssuance;
  r.account_id = cert.account_id;
  r.agency_id = current.data.agency_id;
  r.state = RequestState::kCompleted;
  r.certificates = {cert.serial_hex};
  r.identity_before = current.id;
  r.created_at = now;
  r.updated_at = now;
  AMS_ASSIGN_OR_RETURN(r.id, tx.requests().Create(r));
  const std::optional<int64_t> who =
      ActorId(actor);
  AMS_RETURN_IF_ERROR(AddStep(tx, r, 1, who, now, now, "requested"));
  AMS_RETURN_IF_ERROR(AddStep(tx, r, renewal ? 3 : 2, std::nullopt, now, now, "issued"));
  AMS_RETURN_IF_ERROR(
      tx.audit().Append(Event(actor, "request.completed", r, {{"serial", cert.serial_hex}}, now)).status());
  return Notify(tx, cert.account_id, "certificate_issued",
                {{"serial", cert.serial_hex}, {"not_after", FormatUtc(cert.not_after)}});
}

Status RequestService::AfterRevoke(store::Transaction& tx, const auth::Actor& actor,
                                   const store::CertificateRecord& cert,
                                   ca::RevocationReason reason, TimePoint now) {
  const std::optional<int64_t> who =
      ActorId(actor);
  // The revocation procedure's own record.
  Request rev;
  rev.kind = RequestKind::kRevocation;
  rev.account_id = cert.account_id;
  Result<identity::IdentityVersion> current = tx.identities().Current(cert.account_id);
  rev.agency_id = current.ok() ? current->data.agency_id : 0;
  if (rev.agency_id != 0) {
    rev.state = RequestState::kCompleted;
    rev.certificates = {cert.serial_hex};
    rev.note = ca::ToString(reason);
    rev.created_at = now;
    rev.updated_at = now;
    AMS_ASSIGN_OR_RETURN(rev.id, tx.requests().Create(rev));
    AMS_RETURN_IF_ERROR(AddStep(tx, rev, 1, who, now, now, "requested"));
    AMS_RETURN_IF_ERROR(AddStep(tx, rev, 2, std::nullopt, now, now, "revoked"));
  }
  AMS_RETURN_IF_ERROR(Notify(tx, cert.account_id, "certificate_revoked",
                             {{"serial", cert.serial_hex}, {"reason", ca::ToString(reason)}}));

  // SOP step 6: the last revocation a data change waits for completes it.
  AMS_ASSIGN_OR_RETURN(std::vector<Request> mine, tx.requests().ListByAccount(cert.account_id));
  for (Request& r : mine) {
    if (r.state != RequestState::kRevocationRequired) continue;
    if (std::find(r.certificates.begin(), r.certificates.end(), cert.serial_hex) ==
        r.certificates.end()) {
      continue;
    }
    bool all_revoked = true;
    for (const std::string& serial : r.certificates) {
      AMS_ASSIGN_OR_RETURN(store::CertificateRecord c, tx.certificates().Find(serial));
      if (c.state != store::CertificateRecord::State::kRevoked) all_revoked = false;
    }
    if (!all_revoked) continue;
    AMS_ASSIGN_OR_RETURN(std::vector<RequestStep> steps, tx.requests().Steps(r.id));
    auto [step, since] = WaitingOn(r, steps);
    (void)step;
    AMS_ASSIGN_OR_RETURN(r.state, NextState(r.state, RequestEvent::kLastCertificateRevoked));
    r.updated_at = now;
    AMS_RETURN_IF_ERROR(tx.requests().Update(r));
    AMS_RETURN_IF_ERROR(AddStep(tx, r, 6, who, since, now, "revoked"));
    AMS_RETURN_IF_ERROR(AddStep(tx, r, 7, std::nullopt, now, now, "notified"));
    AMS_RETURN_IF_ERROR(
        tx.audit().Append(Event(actor, "request.completed", r, {{"ownership", "owns"}}, now)).status());
    AMS_RETURN_IF_ERROR(Notify(tx, r.account_id, "request_completed",
                               {{"request_id", std::to_string(r.id)}, {"kind", ToString(r.kind)}}));
  }
  return Status();
}

}  // namespace ams::workflow
