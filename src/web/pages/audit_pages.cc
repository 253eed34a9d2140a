// GET /audit: the audit log for auditors and admins, filtered and paged,
// with the hash chain's verification status; GET /audit/export.csv: the
// filtered log as CSV, one part (a window of sequence numbers) at a time, so
// no export holds more than one part in memory.
#include <chrono>
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "web/pages/export_parts.h"
#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

constexpr int kPageSize = 50;
constexpr int64_t kExportPart = 10000;  // sequence numbers per CSV part
constexpr int kExportBatch = 500;       // records per query while exporting (AuditFilter's cap)
constexpr int64_t kExportPartsListed = 20;

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
    q += std::string(name) + "=" + PercentEncode(value);
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

// The actor filter takes an account id or an e-mail address; an address is
// looked up (auditors and admins may list accounts) and becomes its id.
Status ResolveActor(const PageEnv& env, const auth::Actor& actor, FilterForm& form) {
  if (form.actor.find('@') == std::string::npos) return Status();
  if (!PlainText(form.actor, 254)) return Status::Invalid("invalid_query", "actor");
  auto accounts = env.services.accounts->ListAccounts(actor);
  if (!accounts.ok()) return accounts.status();
  std::string wanted = form.actor;
  for (char& c : wanted) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auth::Account& a : *accounts) {
    if (a.email == wanted) {
      form.actor = std::to_string(a.id);
      return Status();
    }
  }
  return Status::NotFound("account_not_found", "actor");
}

FilterForm FormOf(const HttpRequest& request) {
  return FilterForm{request.Query("action").value_or(""),      request.Query("actor").value_or(""),
                    request.Query("object_type").value_or(""), request.Query("object_id").value_or(""),
                    request.Query("from").value_or(""),        request.Query("to").value_or(""),
                    request.Query("before").value_or("")};
}

// RFC 4180 field. A field a spreadsheet would run as a formula (= + - @)
// gets a leading apostrophe (OWASP "CSV injection").
std::string CsvField(const std::string& text) {
  std::string v = text;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
                     v[0] == '\r')) {
    v = "'" + v;
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
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

  FilterForm form = FormOf(request);
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
  FilterForm resolved = form;
  Status actor_ok = ResolveActor(env, actor, resolved);
  Result<audit::AuditFilter> filter = actor_ok.ok() ? ToFilter(resolved) : Result<audit::AuditFilter>(actor_ok);
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
    // The export in parts of kExportPart sequence numbers, newest first.
    nlohmann::json parts = nlohmann::json::array();
    const int64_t newest = verdict->records;
    FilterForm all = form;
    all.before.clear();
    std::string query = QueryString(all, "");
    query = query.substr(std::string("/audit").size());
    // A page of parts at a time (?parts=<index of the first>), so that every
    // record of a long log stays reachable.
    int64_t from = 0;
    if (std::string text = request.Query("parts").value_or(""); AllDigits(text, 9)) from = std::stoll(text);
    const ExportPartsPage listed = ListExportParts(newest, kExportPart, kExportPartsListed, from);
    for (const ExportPart& p : listed.parts) {
      std::string href = "/audit/export.csv" + query + (query.empty() ? "?" : "&") +
                         "before=" + std::to_string(p.before);
      parts.push_back({{"href", href},
                       {"label", env.catalogue.Format(v->lang, "audit_export_part",
                                                      {{"part", std::to_string(p.number)},
                                                       {"first", std::to_string(p.first)},
                                                       {"last", std::to_string(p.last)}})}});
    }
    // The audit page's own filter and paging stay; only the parts page moves.
    std::string here = QueryString(form, form.before);
    here += here.find('?') == std::string::npos ? "?" : "&";
    auto parts_href = [&](std::optional<int64_t> at) {
      return at ? nlohmann::json(here + "parts=" + std::to_string(*at) + "#h-export") : nlohmann::json(false);
    };
    view["export_newer_href"] = parts_href(listed.newer_from);
    view["export_older_href"] = parts_href(listed.older_from);
    view["export_paged"] = listed.newer_from.has_value() || listed.older_from.has_value();
    view["export_parts"] = parts;
    view["has_export"] = !parts.empty();
    view["export_intro"] = env.catalogue.Format(v->lang, "audit_export_intro",
                                                {{"size", std::to_string(kExportPart)}});
  }
  return Render(env, request, *v, status, "audit", "audit_title", std::move(view));
}

// GET /audit/export.csv?<filter>&before=SEQ: the records matching the filter
// with seq in [before - kExportPart, before), newest first, fetched in
// batches. Without `before`, the newest part.
HttpResponse GetAuditCsv(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const auth::Actor& actor = *v->actor;
  FilterForm form = FormOf(request);
  Status s = ResolveActor(env, actor, form);
  Result<audit::AuditFilter> filter = s.ok() ? ToFilter(form) : Result<audit::AuditFilter>(s);
  if (!filter.ok()) return ErrorPage(env, request, *v, filter.status());
  if (filter->before_seq == 0) {
    // The newest part: one probe for the newest matching record's seq.
    audit::AuditFilter probe = *filter;
    probe.limit = 1;
    auto newest = env.services.audit->Query(actor, probe);
    if (!newest.ok()) return ErrorPage(env, request, *v, newest.status());
    filter->before_seq = newest->empty() ? 1 : newest->front().seq + 1;
  }
  const int64_t end = filter->before_seq;
  const int64_t floor = end - kExportPart;  // exclusive
  std::string csv =
      "seq,time_utc,time_wib,actor_id,actor,action,object_type,object_id,remote_addr,details,hash\r\n";
  filter->limit = kExportBatch;
  while (true) {
    auto batch = env.services.audit->Query(actor, *filter);
    if (!batch.ok()) return ErrorPage(env, request, *v, batch.status());
    bool done = static_cast<int>(batch->size()) < kExportBatch;
    for (const audit::AuditRecord& r : *batch) {
      if (r.seq <= floor) {
        done = true;
        break;
      }
      const audit::AuditEvent& e = r.event;
      csv += std::to_string(r.seq) + ',' + FormatUtc(e.at) + ',' + CsvField(FormatWib(e.at)) + ',' +
             (e.actor_id ? std::to_string(*e.actor_id) : "") + ',' + CsvField(e.actor_label) + ',' +
             CsvField(e.action) + ',' + CsvField(e.object_type) + ',' + CsvField(e.object_id) + ',' +
             CsvField(e.remote_addr) + ',' + CsvField(e.details) + ',' + r.hash + "\r\n";
    }
    if (done || batch->empty()) break;
    filter->before_seq = batch->back().seq;
  }
  HttpResponse r = HttpResponse::Text(200, std::move(csv), "text/csv; charset=utf-8");
  r.SetHeader("Content-Disposition", "attachment; filename=\"audit-" +
                                         std::to_string(std::max<int64_t>(1, floor + 1)) + "-" +
                                         std::to_string(end - 1) + ".csv\"");
  return r;
}

}  // namespace

void AddAuditPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/audit", [env](const HttpRequest& r) { return GetAudit(*env, r); });
  router.Add("GET", "/audit/export.csv", [env](const HttpRequest& r) { return GetAuditCsv(*env, r); });
}

}  // namespace ams::web::pages
