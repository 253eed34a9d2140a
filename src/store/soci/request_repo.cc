#include <nlohmann/json.hpp>

#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

// Requests and their steps. Lists and maps are stored as JSON text, which both
// engines keep as-is; filters are built only from integers and our own enum
// names, never from caller text.
namespace ams::store {

namespace {

using workflow::Request;
using workflow::RequestStep;

constexpr char kColumns[] =
    "SELECT id, kind, account_id, agency_id, state, proposed, documents, note, reject_reason, "
    "previous_id, identity_before, identity_after, certificates, ownership, claimed_by, "
    "decided_by, version, created_at, updated_at, claimed_at FROM requests ";

std::string ProposedJson(const Request& r) { return nlohmann::json(r.proposed).dump(); }
std::string DocumentsJson(const Request& r) { return nlohmann::json(r.documents).dump(); }
std::string CertificatesJson(const Request& r) { return nlohmann::json(r.certificates).dump(); }

Request FromRow(const soci::row& row) {
  Request r;
  r.id = GetInt(row, 0);
  r.kind = workflow::ParseRequestKind(GetText(row, 1)).value_or(workflow::RequestKind::kDataChange);
  r.account_id = GetInt(row, 2);
  r.agency_id = GetInt(row, 3);
  r.state = workflow::ParseRequestState(GetText(row, 4)).value_or(workflow::RequestState::kSubmitted);
  r.proposed = nlohmann::json::parse(GetText(row, 5)).get<std::map<std::string, std::string>>();
  r.documents = nlohmann::json::parse(GetText(row, 6)).get<std::vector<int64_t>>();
  r.note = GetText(row, 7);
  r.reject_reason = GetText(row, 8);
  r.previous_id = GetOptInt(row, 9);
  r.identity_before = GetOptInt(row, 10);
  r.identity_after = GetOptInt(row, 11);
  r.certificates = nlohmann::json::parse(GetText(row, 12)).get<std::vector<std::string>>();
  r.ownership = GetText(row, 13);
  r.claimed_by = GetOptInt(row, 14);
  r.decided_by = GetOptInt(row, 15);
  r.version = GetInt(row, 16);
  r.created_at = GetTime(row, 17);
  r.updated_at = GetTime(row, 18);
  if (std::optional<int64_t> t = GetOptInt(row, 19)) r.claimed_at = FromUnixSeconds(*t);
  return r;
}

// SOCI 4.0 has no std::optional: a value and its indicator.
struct OptInt {
  explicit OptInt(const std::optional<int64_t>& v)
      : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  long long value;
  soci::indicator ind;
};

RequestStep StepFromRow(const soci::row& row) {
  RequestStep s;
  s.id = GetInt(row, 0);
  s.request_id = GetInt(row, 1);
  s.step = static_cast<int>(GetInt(row, 2));
  s.actor_id = GetOptInt(row, 3);
  s.agency_id = GetInt(row, 4);
  s.kind = workflow::ParseRequestKind(GetText(row, 5)).value_or(workflow::RequestKind::kDataChange);
  s.started_at = GetTime(row, 6);
  s.ended_at = GetTime(row, 7);
  s.standard_time = std::chrono::seconds(GetInt(row, 8));
  s.output = GetText(row, 9);
  return s;
}

constexpr char kStepColumns[] =
    "SELECT id, request_id, step, actor_id, agency_id, kind, started_at, ended_at, "
    "standard_seconds, output FROM request_steps ";

}  // namespace

Result<int64_t> SociRequestRepo::Create(const Request& r) {
  long long id = 0;
  Status s = Guard([&]() -> Status {
    const std::string kind = workflow::ToString(r.kind), state = workflow::ToString(r.state);
    const std::string proposed = ProposedJson(r), documents = DocumentsJson(r),
                      certificates = CertificatesJson(r);
    long long account = r.account_id, agency = r.agency_id, created = ToUnixSeconds(r.created_at),
              updated = ToUnixSeconds(r.updated_at);
    id = d_.InsertReturningId(
        sql_, st_,
        "INSERT INTO requests (kind, account_id, agency_id, state, proposed, documents, note, "
        "reject_reason, previous_id, identity_before, identity_after, certificates, ownership, "
        "claimed_by, decided_by, version, created_at, updated_at) VALUES (:k, :a, :ag, :s, :p, "
        ":d, :n, :rr, :pr, :ib, :ia, :c, :o, :cb, :db, 1, :ca, :ua)",
        {kind, account, agency, state, proposed, documents, r.note, r.reject_reason,
         r.previous_id, r.identity_before, r.identity_after, certificates, r.ownership,
         r.claimed_by, r.decided_by, created, updated});
    return Status();
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(id);
}

Result<std::vector<Request>> SociRequestRepo::Select(const std::string& where_order,
                                                     const std::vector<long long>& keys) {
  std::vector<Request> out;
  Status s = Guard([&]() -> Status {
    soci::statement st = (sql_.prepare << std::string(kColumns) + where_order);
    soci::row row;
    std::vector<long long> bound = keys;
    for (long long& k : bound) st.exchange(soci::use(k));
    st.exchange(soci::into(row));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) out.push_back(FromRow(row));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<Request> SociRequestRepo::Find(int64_t id) {
  AMS_ASSIGN_OR_RETURN(std::vector<Request> found, Select("WHERE id = :id", {id}));
  if (found.empty()) return Status::NotFound("request_not_found");
  return std::move(found.front());
}

Status SociRequestRepo::Update(const Request& r) {
  return Guard([&]() -> Status {
    const std::string state = workflow::ToString(r.state);
    const std::string proposed = ProposedJson(r), documents = DocumentsJson(r),
                      certificates = CertificatesJson(r);
    long long id = r.id, version = r.version, updated = ToUnixSeconds(r.updated_at);
    OptInt after(r.identity_after), claimed(r.claimed_by), decided(r.decided_by);
    OptInt claimed_at(r.claimed_at ? std::optional<int64_t>(ToUnixSeconds(*r.claimed_at))
                                   : std::nullopt);
    soci::statement st =
        (sql_.prepare << "UPDATE requests SET state = :s, proposed = :p, documents = :d, "
                         "reject_reason = :rr, identity_after = :ia, certificates = :c, "
                         "ownership = :o, claimed_by = :cb, claimed_at = :cat, decided_by = :db, "
                         "version = version + 1, "
                         "updated_at = :ua WHERE id = :id AND version = :v",
         soci::use(state), soci::use(proposed), soci::use(documents), soci::use(r.reject_reason),
         soci::use(after.value, after.ind), soci::use(certificates), soci::use(r.ownership),
         soci::use(claimed.value, claimed.ind), soci::use(claimed_at.value, claimed_at.ind),
         soci::use(decided.value, decided.ind), soci::use(updated), soci::use(id),
         soci::use(version));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
      return Status::Conflict("request_changed",
                              "someone else acted on this request first; reload it");
    }
    return Status();
  });
}

Result<std::vector<Request>> SociRequestRepo::ListByAccount(int64_t account_id) {
  return Select("WHERE account_id = :a ORDER BY created_at DESC, id DESC", {account_id});
}

Result<bool> SociRequestRepo::AnyOpen(int64_t account_id, workflow::RequestKind kind) {
  bool found = false;
  Status s = Guard([&]() -> Status {
    long long account = account_id;
    const std::string k = workflow::ToString(kind);
    // workflow::IsFinal: rejected and completed are the final states.
    st_.Query("SELECT 1 FROM requests WHERE account_id = :a AND kind = :k AND state "
              "NOT IN ('rejected', 'completed') LIMIT 1",
              {account, k}, [&](const soci::row&) { found = true; });
    return Status();
  });
  if (!s.ok()) return s;
  return found;
}

Result<std::vector<Request>> SociRequestRepo::ListQueue(const workflow::QueueFilter& f) {
  std::string where = "WHERE state IN (";
  if (f.states.empty()) {
    where += "'submitted'";
  } else {
    for (size_t i = 0; i < f.states.size(); ++i) {
      where += (i ? ", '" : "'") + std::string(workflow::ToString(f.states[i])) + "'";
    }
  }
  where += ")";
  if (!f.agencies.empty()) {
    where += " AND agency_id IN (";
    for (size_t i = 0; i < f.agencies.size(); ++i) {
      where += (i ? ", " : "") + std::to_string(f.agencies[i]);
    }
    where += ")";
  }
  if (f.kind) where += " AND kind = '" + std::string(workflow::ToString(*f.kind)) + "'";
  if (f.submitted_before) {
    where += " AND created_at < " + std::to_string(ToUnixSeconds(*f.submitted_before));
  }
  where += " ORDER BY created_at, id LIMIT " + std::to_string(std::max(1, f.limit)) + " OFFSET " +
           std::to_string(std::max(0, f.offset));
  return Select(where, {});
}

Status SociRequestRepo::AddStep(const RequestStep& step) {
  return Guard(
      [&]() -> Status {
        long long request = step.request_id, agency = step.agency_id,
                  started = ToUnixSeconds(step.started_at), ended = ToUnixSeconds(step.ended_at),
                  standard = step.standard_time.count();
        st_.Exec("INSERT INTO request_steps (request_id, step, actor_id, agency_id, kind, "
                 "started_at, ended_at, standard_seconds, output) VALUES (:r, :s, :a, :ag, :k, :st, "
                 ":en, :sd, :o)",
                 {request, step.step, step.actor_id, agency, workflow::ToString(step.kind), started,
                  ended, standard, step.output});
        return Status();
      },
      "step_recorded");
}

Result<std::vector<RequestStep>> SociRequestRepo::Steps(int64_t request_id) {
  std::vector<RequestStep> out;
  Status s = Guard([&]() -> Status {
    long long id = request_id;
    soci::rowset<soci::row> rows =
        (sql_.prepare << std::string(kStepColumns) + "WHERE request_id = :r ORDER BY step",
         soci::use(id));
    for (const auto& r : rows) out.push_back(StepFromRow(r));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<RequestStep>> SociRequestRepo::StepsEndedBetween(TimePoint from, TimePoint to) {
  std::vector<RequestStep> out;
  Status s = Guard([&]() -> Status {
    long long a = ToUnixSeconds(from), b = ToUnixSeconds(to);
    soci::rowset<soci::row> rows =
        (sql_.prepare << std::string(kStepColumns) +
                             "WHERE ended_at >= :a AND ended_at < :b ORDER BY ended_at, id",
         soci::use(a), soci::use(b));
    for (const auto& r : rows) out.push_back(StepFromRow(r));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<workflow::StandardTime>> SociRequestRepo::StandardTimes() {
  std::vector<workflow::StandardTime> out;
  Status s = Guard([&]() -> Status {
    st_.Query("SELECT kind, step, seconds FROM standard_times ORDER BY kind, step", {},
              [&](const soci::row& r) {
                Result<workflow::RequestKind> kind = workflow::ParseRequestKind(GetText(r, 0));
                if (!kind.ok()) return;
                out.push_back({*kind, static_cast<int>(GetInt(r, 1)), std::chrono::seconds(GetInt(r, 2))});
              });
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Status SociRequestRepo::SetStandardTime(const workflow::StandardTime& t, std::optional<int64_t> by,
                                        TimePoint at) {
  return Guard([&]() -> Status {
    const std::string kind = workflow::ToString(t.kind);
    int step = t.step;
    long long seconds = t.seconds.count(), when = ToUnixSeconds(at);
    OptInt who(by);
    sql_ << "INSERT INTO standard_times (kind, step, seconds, updated_by, updated_at) VALUES (:k, "
            ":s, :sec, :b, :at) ON CONFLICT (kind, step) DO UPDATE SET seconds = excluded.seconds, "
            "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        soci::use(kind), soci::use(step), soci::use(seconds), soci::use(who.value, who.ind), soci::use(when);
    return Status();
  });
}

}  // namespace ams::store
