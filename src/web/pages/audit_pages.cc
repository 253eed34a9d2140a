// GET /audit: the audit log for auditors and admins, filtered and paged,
// with the hash chain's verification status.
#include <chrono>

#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

constexpr int kPageSize = 50;

// The filter as typed, kept to fill the form again and to build page links.
struct FilterForm {
  std::string action, actor, object_type, object_id, from, to, before;
};

bool AllDigits(const std::string& s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool PlainText(const std::string& s, size_t max) {
  if (s.size() > max) return false;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

// "2026-11-27" -> midnight of that day in WIB (UTC+7, no daylight saving).
std::optional<TimePoint> ParseWibDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!AllDigits(s.substr(0, 4), 4) || !AllDigits(s.substr(5, 2), 2) || !AllDigits(s.substr(8, 2), 2)) {
    return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day ymd{year(std::stoi(s.substr(0, 4))), month(std::stoul(s.substr(5, 2))),
                     day(std::stoul(s.substr(8, 2)))};
  if (!ymd.ok()) return std::nullopt;
  return TimePoint(sys_days(ymd)) - hours(7);
}

Result<audit::AuditFilter> ToFilter(const FilterForm& f) {
  audit::AuditFilter filter;
  filter.limit = kPageSize;
  auto bad = [](const char* field) { return Status::Invalid("invalid_query", field); };
  if (!PlainText(f.action, 100)) return bad("action");
  filter.action = f.action;
  if (!f.actor.empty()) {
    if (!AllDigits(f.actor, 18)) return bad("actor");
    filter.actor_id = std::stoll(f.actor);
  }
  if (!PlainText(f.object_type, 100)) return bad("object_type");
  filter.object_type = f.object_type;
  if (!PlainText(f.object_id, 200)) return bad("object_id");
  filter.object_id = f.object_id;
  if (!f.from.empty()) {
    filter.from = ParseWibDate(f.from);
    if (!filter.from) return bad("from");
  }
  if (!f.to.empty()) {
    std::optional<TimePoint> to = ParseWibDate(f.to);
    if (!to) return bad("to");
    filter.to = *to + std::chrono::hours(24);  // the form's date is inclusive
  }
  if (!f.before.empty()) {
    if (!AllDigits(f.before, 18)) return bad("before");
    filter.before_seq = std::stoll(f.before);
  }
  return filter;
}

std::string QueryString(const FilterForm& f, const std::string& before) {
  std::string q;
  auto add = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    q += q.empty() ? "?" : "&";
    q += std::string(name) + "=" + UrlEncode(value);
  };
  add("action", f.action);
  add("actor", f.actor);
  add("object_type", f.object_type);
  add("object_id", f.object_id);
  add("from", f.from);
  add("to", f.to);
  add("before", before);
  return "/audit" + q;
}

nlohmann::json RecordView(const audit::AuditRecord& r) {
  const audit::AuditEvent& e = r.event;
  std::string object = e.object_type;
  if (!e.object_id.empty()) object += object.empty() ? e.object_id : " " + e.object_id;
  return {{"seq", std::to_string(r.seq)},
          {"time", FormatWib(e.at)},
          {"actor", e.actor_label},
          {"actor_id", e.actor_id ? std::to_string(*e.actor_id) : std::string()},
          {"has_actor_id", e.actor_id.has_value()},
          {"action", e.action},
          {"object", object},
          {"remote_addr", e.remote_addr},
          {"details", e.details},
          {"has_details", !e.details.empty() && e.details != "{}"}};
}

HttpResponse GetAudit(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const auth::Actor& actor = *v->actor;

  // The service decides who may read (auditors, admins); the verdict first,
  // so that a refusal shows before any form.
  Result<audit::ChainVerdict> verdict = env.services.audit->Verify(actor);
  if (!verdict.ok()) return ErrorPage(env, request, *v, verdict.status());

  FilterForm form{request.Query("action").value_or(""),      request.Query("actor").value_or(""),
                  request.Query("object_type").value_or(""), request.Query("object_id").value_or(""),
                  request.Query("from").value_or(""),        request.Query("to").value_or(""),
                  request.Query("before").value_or("")};
  nlohmann::json view = {
      {"filter",
       {{"action", form.action}, {"actor", form.actor}, {"object_type", form.object_type},
        {"object_id", form.object_id}, {"from", form.from}, {"to", form.to}}},
      {"chain_ok", verdict->ok},
      {"chain_text",
       verdict->ok
           ? env.catalogue.Format(v->lang, "audit_chain_ok", {{"records", std::to_string(verdict->records)}})
           : env.catalogue.Format(v->lang, "audit_chain_bad",
                                  {{"seq", std::to_string(verdict->first_bad_seq)}})},
      {"records", nlohmann::json::array()},
      {"has_records", false},
      {"older_href", false},
      {"newest_href", false}};
  int status = 200;
  Result<audit::AuditFilter> filter = ToFilter(form);
  using Records = Result<std::vector<audit::AuditRecord>>;
  Records records =
      filter.ok() ? env.services.audit->Query(actor, *filter) : Records(filter.status());
  if (!records.ok()) {
    status = AddError(env, request, *v, records.status(), view);
  } else {
    for (const audit::AuditRecord& r : *records) view["records"].push_back(RecordView(r));
    view["has_records"] = !records->empty();
    if (static_cast<int>(records->size()) == kPageSize) {
      view["older_href"] = QueryString(form, std::to_string(records->back().seq));
    }
    if (!form.before.empty()) view["newest_href"] = QueryString(form, "");
  }
  return Render(env, request, *v, status, "audit", "audit_title", std::move(view));
}

}  // namespace

void AddAuditPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/audit", [env](const HttpRequest& r) { return GetAudit(*env, r); });
}

}  // namespace ams::web::pages
