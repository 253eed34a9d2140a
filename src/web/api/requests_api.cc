#include "web/api/requests_api.h"

#include <charconv>
#include <ctime>

#include <nlohmann/json.hpp>

#include "web/api/api_support.h"

namespace ams::web::api {

using nlohmann::json;
using workflow::RequestService;

namespace {

constexpr size_t kMaxFieldValue = 256;

json StepJson(const workflow::RequestStep& s) {
  const auto took = std::chrono::duration_cast<std::chrono::seconds>(s.ended_at - s.started_at);
  const auto& sop = workflow::StepsOf(s.kind);
  std::string name_id, name_en;
  for (const workflow::SopStep& step : sop) {
    if (step.number == s.step) {
      name_id = step.name_id;
      name_en = step.name_en;
    }
  }
  return {{"step", s.step},
          {"name_id", name_id},
          {"name_en", name_en},
          {"actor_id", s.actor_id ? json(*s.actor_id) : json(nullptr)},
          {"started_at", FormatUtc(s.started_at)},
          {"ended_at", FormatUtc(s.ended_at)},
          {"duration_seconds", took.count()},
          {"standard_seconds", s.standard_time.count()},
          {"within_standard", took <= s.standard_time},
          {"output", s.output}};
}

// The request's optional "version" guard from a parsed body.
std::optional<int64_t> VersionOf(const json& body) {
  if (body.contains("version") && body["version"].is_number_integer()) {
    return body["version"].get<int64_t>();
  }
  return std::nullopt;
}

Result<std::map<std::string, std::string>> FieldsFrom(const json& body) {
  std::map<std::string, std::string> fields;
  if (!body.contains("fields")) return fields;
  for (const auto& [name, value] : body["fields"].items()) {
    if (value.is_number_integer() && name == "agency_id") {
      fields[name] = std::to_string(value.get<int64_t>());
      continue;
    }
    if (!value.is_string()) return Status::Invalid("invalid_type", "fields." + name + ": a string");
    if (value.get_ref<const std::string&>().size() > kMaxFieldValue) {
      return Status::Invalid("too_long", "fields." + name);
    }
    fields[name] = value.get<std::string>();
  }
  return fields;
}

Result<std::vector<int64_t>> DocumentsFrom(const json& body) {
  std::vector<int64_t> ids;
  if (!body.contains("documents")) return ids;
  for (const json& v : body["documents"]) {
    if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
      return Status::Invalid("invalid_type", "documents: document ids");
    }
    ids.push_back(v.get<int64_t>());
  }
  return ids;
}

HttpResponse Submit(RequestService& requests, auth::AccountService& accounts,
                    const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto body = ParseJsonBody(req, {{"kind", JsonType::kString, true, 32},
                                  {"fields", JsonType::kObject, false},
                                  {"documents", JsonType::kArray, false},
                                  {"note", JsonType::kString, false, 2000}});
  if (!body.ok()) return Error(req, body.status());
  auto fields = FieldsFrom(*body);
  if (!fields.ok()) return Error(req, fields.status());
  auto documents = DocumentsFrom(*body);
  if (!documents.ok()) return Error(req, documents.status());
  const std::string kind = (*body)["kind"].get<std::string>();
  const std::string note = body->value("note", "");
  Result<workflow::Request> made =
      Status::Invalid("invalid_kind", "data_change, registration or renewal");
  if (kind == "data_change") {
    made = requests.SubmitDataChange(*actor, *fields, *documents, note);
  } else if (kind == "registration") {
    made = requests.SubmitRegistration(*actor, *fields, *documents, note);
  } else if (kind == "renewal") {
    made = requests.SubmitRenewal(*actor, *fields, *documents, note);
  }
  if (!made.ok()) return Error(req, made.status());
  auto view = requests.Get(*actor, made->id);
  if (!view.ok()) return Error(req, view.status());
  return HttpResponse::Json(201, RequestViewJson(*view));
}

HttpResponse Get(RequestService& requests, auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> id = IntParam(req, "id");
  if (!id.ok()) return Error(req, id.status());
  auto view = requests.Get(*actor, *id);
  if (!view.ok()) return Error(req, view.status());
  return HttpResponse::Json(200, RequestViewJson(*view));
}

HttpResponse List(RequestService& requests, auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> account = IntQuery(req, "account_id", 0, {.reason = "invalid_id"});
  if (!account.ok()) return Error(req, account.status());
  auto list = requests.List(*actor, *account);
  if (!list.ok()) return Error(req, list.status());
  json out = json::array();
  for (const auto& v : *list) out.push_back(RequestViewJson(v));
  return HttpResponse::Json(200, {{"requests", out}});
}

HttpResponse Queue(RequestService& requests, auth::AccountService& accounts,
                   const HttpRequest& req, const Clock& clock) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  workflow::QueueFilter filter;
  if (auto kind = req.Query("kind"); kind && !kind->empty()) {
    auto k = workflow::ParseRequestKind(*kind);
    if (!k.ok()) return Error(req, k.status());
    filter.kind = *k;
  }
  if (auto state = req.Query("state"); state && !state->empty()) {
    auto s = workflow::ParseRequestState(*state);
    if (!s.ok()) return Error(req, s.status());
    filter.states = {*s};
  }
  // A filter form sends every field: an empty one is not given.
  auto agency = OptionalIntQuery(req, "agency_id", {.empty_is_absent = true});
  if (!agency.ok()) return Error(req, agency.status());
  if (*agency) filter.agencies = {**agency};
  // Ten years is older than any open request, and keeps Now() - age far
  // from overflowing the clock.
  auto age = OptionalIntQuery(req, "older_than_minutes",
                              {.max = 10 * 366 * 24 * 60, .empty_is_absent = true});
  if (!age.ok()) return Error(req, age.status());
  if (*age) filter.submitted_before = clock.Now() - std::chrono::minutes(**age);
  // Too large a page is cut to the largest, not refused.
  auto limit = OptionalIntQuery(req, "limit", {.empty_is_absent = true});
  if (!limit.ok()) return Error(req, limit.status());
  if (*limit) filter.limit = static_cast<int>(std::min<int64_t>(**limit, 500));
  auto offset = OptionalIntQuery(req, "offset", {.empty_is_absent = true});
  if (!offset.ok()) return Error(req, offset.status());
  if (*offset) filter.offset = static_cast<int>(std::min<int64_t>(**offset, 1000000));
  auto list = requests.Queue(*actor, filter);
  if (!list.ok()) return Error(req, list.status());
  json out = json::array();
  for (const auto& v : *list) out.push_back(RequestViewJson(v));
  return HttpResponse::Json(200, {{"requests", out}});
}

enum class Decision { kClaim, kApprove, kReject };

HttpResponse Decide(RequestService& requests, auth::AccountService& accounts,
                    const HttpRequest& req, Decision decision) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> id = IntParam(req, "id");
  if (!id.ok()) return Error(req, id.status());
  std::vector<Field> shape = {{"version", JsonType::kInt, false}};
  if (decision == Decision::kReject) shape.push_back({"reason", JsonType::kString, true, 1000});
  // An empty body is fine for claim and approve.
  json body = json::object();
  if (!req.body.empty() || decision == Decision::kReject) {
    auto parsed = ParseJsonBody(req, shape);
    if (!parsed.ok()) return Error(req, parsed.status());
    body = std::move(*parsed);
  }
  Result<workflow::Request> r = Status::Internal("unreachable");
  switch (decision) {
    case Decision::kClaim: r = requests.Claim(*actor, *id, VersionOf(body)); break;
    case Decision::kApprove: r = requests.Approve(*actor, *id, VersionOf(body)); break;
    case Decision::kReject:
      r = requests.Reject(*actor, *id, body["reason"].get<std::string>(), VersionOf(body));
      break;
  }
  if (!r.ok()) return Error(req, r.status());
  auto view = requests.Get(*actor, *id);
  if (!view.ok()) return Error(req, view.status());
  return HttpResponse::Json(200, RequestViewJson(*view));
}

HttpResponse StandardTimes(RequestService& requests, auth::AccountService& accounts,
                           const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto list = requests.StandardTimes();
  if (!list.ok()) return Error(req, list.status());
  json out = json::array();
  for (const auto& v : *list) {
    out.push_back({{"kind", workflow::ToString(v.kind)},
                   {"step", v.step},
                   {"name_id", v.name_id},
                   {"name_en", v.name_en},
                   {"seconds", v.standard.count()},
                   {"sop_default_seconds", v.sop_default.count()}});
  }
  return HttpResponse::Json(200, {{"standard_times", out}});
}

HttpResponse SetStandardTime(RequestService& requests, auth::AccountService& accounts,
                             const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto kind = workflow::ParseRequestKind(req.params.at("kind"));
  if (!kind.ok()) return Error(req, kind.status());
  Result<int64_t> step = IntParam(req, "step");
  if (!step.ok()) return Error(req, step.status());
  auto body = ParseJsonBody(req, {{"seconds", JsonType::kInt, true}});
  if (!body.ok()) return Error(req, body.status());
  const int64_t seconds = (*body)["seconds"].get<int64_t>();
  Status s = requests.SetStandardTime(*actor, *kind, static_cast<int>(std::min<int64_t>(*step, 1000)),
                                      std::chrono::seconds(seconds));
  if (!s.ok()) return Error(req, s);
  return HttpResponse::Json(200, {{"kind", workflow::ToString(*kind)},
                                  {"step", *step},
                                  {"seconds", seconds}});
}

HttpResponse Report(RequestService& requests, auth::AccountService& accounts,
                    const HttpRequest& req, const Clock& clock) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  TimePoint to = clock.Now() + std::chrono::seconds(1);
  TimePoint from = to - std::chrono::hours(24 * 30);
  if (auto f = req.Query("from"); f && !f->empty()) {
    auto t = ParseWibDate(*f);
    if (!t.ok()) return Error(req, t.status());
    from = *t;
  }
  if (auto f = req.Query("to"); f && !f->empty()) {
    auto t = ParseWibDate(*f);  // inclusive: up to the end of that day
    if (!t.ok()) return Error(req, t.status());
    to = *t + std::chrono::hours(24);
  }
  auto report = requests.Report(*actor, from, to);
  if (!report.ok()) return Error(req, report.status());
  const std::string format = req.Query("format").value_or("json");
  if (format == "csv") {
    HttpResponse r = HttpResponse::Text(200, workflow::TimingReportCsv(*report), "text/csv; charset=utf-8");
    r.SetHeader("Content-Disposition", "attachment; filename=\"ams-timing.csv\"");
    return r;
  }
  if (format != "json") return Error(req, Status::Invalid("format_unknown", "json or csv"));
  json rows = json::array();
  for (const workflow::TimingRow& r : report->rows) {
    rows.push_back({{"kind", workflow::ToString(r.kind)},
                    {"step", r.step},
                    {"group", r.group},
                    {"group_id", r.group_id},
                    {"count", r.count},
                    {"median_seconds", r.median.count()},
                    {"p90_seconds", r.p90.count()},
                    {"standard_seconds", r.standard.count()},
                    {"within_standard", r.within_standard}});
  }
  return HttpResponse::Json(200, {{"from", FormatUtc(report->from)},
                                  {"to", FormatUtc(report->to)},
                                  {"rows", rows}});
}

}  // namespace

Result<TimePoint> ParseWibDate(const std::string& text) {
  std::tm tm{};
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      y < 2000 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) {
    return Status::Invalid("invalid_date", "dates are YYYY-MM-DD");
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  const time_t utc_midnight = timegm(&tm);
  return FromUnixSeconds(static_cast<int64_t>(utc_midnight) - 7 * 3600);
}

namespace {

// Identity fields by name as the API shows them: agency_id a number, as it
// is everywhere else (and as a client sends it); the rest text.
json IdentityFieldsJson(const std::map<std::string, std::string>& fields) {
  json out = json::object();
  for (const auto& [name, value] : fields) {
    int64_t id = 0;
    const char* end = value.data() + value.size();
    const auto [at, error] = std::from_chars(value.data(), end, id);
    if (name == "agency_id" && error == std::errc() && at == end) {
      out[name] = id;
    } else {
      out[name] = value;
    }
  }
  return out;
}

}  // namespace

json RequestViewJson(const workflow::RequestView& v) {
  const workflow::Request& r = v.request;
  json steps = json::array();
  for (const auto& s : v.steps) steps.push_back(StepJson(s));
  return {{"id", r.id},
          {"kind", workflow::ToString(r.kind)},
          {"state", workflow::ToString(r.state)},
          {"version", r.version},
          {"account_id", r.account_id},
          {"applicant_email", v.applicant_email},
          {"applicant_name", v.applicant_name},
          {"agency_id", r.agency_id},
          {"proposed", IdentityFieldsJson(r.proposed)},
          {"current", IdentityFieldsJson(v.current_values)},
          {"changed_fields", v.changed_fields},
          {"warnings", v.warnings},
          {"documents", r.documents},
          {"note", r.note},
          {"reject_reason", r.reject_reason.empty() ? json(nullptr) : json(r.reject_reason)},
          {"previous_id", r.previous_id ? json(*r.previous_id) : json(nullptr)},
          {"certificates_to_revoke",
           r.state == workflow::RequestState::kRevocationRequired ? json(r.certificates) : json::array()},
          {"certificates", r.certificates},
          {"ownership", r.ownership.empty() ? json(nullptr) : json(r.ownership)},
          {"claimed_by", r.claimed_by ? json(*r.claimed_by) : json(nullptr)},
          {"decided_by", r.decided_by ? json(*r.decided_by) : json(nullptr)},
          {"created_at", FormatUtc(r.created_at)},
          {"updated_at", FormatUtc(r.updated_at)},
          {"waiting_step", v.waiting_step == 0 ? json(nullptr) : json(v.waiting_step)},
          {"waiting_seconds", v.waiting.count()},
          {"waiting_standard_seconds", v.waiting_standard.count()},
          {"late", v.late},
          {"timeline", steps}};
}

void AddRequestRoutes(Router& router, RequestService& requests, auth::AccountService& accounts,
                      const Clock& clock) {
  RequestService* q = &requests;
  auth::AccountService* a = &accounts;
  const Clock* c = &clock;
  router.Add("POST", "/api/v1/requests", [q, a](const HttpRequest& r) { return Submit(*q, *a, r); });
  router.Add("GET", "/api/v1/requests", [q, a](const HttpRequest& r) { return List(*q, *a, r); });
  router.Add("GET", "/api/v1/requests/queue",
             [q, a, c](const HttpRequest& r) { return Queue(*q, *a, r, *c); });
  router.Add("GET", "/api/v1/requests/:id(\\d+)", [q, a](const HttpRequest& r) { return Get(*q, *a, r); });
  router.Add("POST", "/api/v1/requests/:id(\\d+)/claim",
             [q, a](const HttpRequest& r) { return Decide(*q, *a, r, Decision::kClaim); });
  router.Add("POST", "/api/v1/requests/:id(\\d+)/approve",
             [q, a](const HttpRequest& r) { return Decide(*q, *a, r, Decision::kApprove); });
  router.Add("POST", "/api/v1/requests/:id(\\d+)/reject",
             [q, a](const HttpRequest& r) { return Decide(*q, *a, r, Decision::kReject); });
  router.Add("GET", "/api/v1/sop/standard-times",
             [q, a](const HttpRequest& r) { return StandardTimes(*q, *a, r); });
  router.Add("PUT", "/api/v1/sop/standard-times/:kind/:step(\\d+)",
             [q, a](const HttpRequest& r) { return SetStandardTime(*q, *a, r); });
  router.Add("GET", "/api/v1/reports/timing",
             [q, a, c](const HttpRequest& r) { return Report(*q, *a, r, *c); });
}

}  // namespace ams::web::api
