// GET /reports/timing: the timing report (issue #4, item 5) for auditors and
// admins, as charts drawn on the server (svg_chart.h) with the same numbers
// in tables, and GET /reports/timing.csv: the report as CSV. The numbers come
// from RequestService::Report; this file only lays them out.
#include <algorithm>

#include "web/pages/admin_support.h"
#include "web/pages/pages.h"
#include "web/pages/svg_chart.h"
#include "workflow/requests/request_service.h"
#include "workflow/sop.h"

namespace ams::web::pages {

namespace {

using workflow::RequestKind;
constexpr int kDefaultDays = 84;  // twelve weeks
constexpr int kMaxDays = 366;
constexpr RequestKind kKinds[] = {RequestKind::kDataChange, RequestKind::kRegistration,
                                  RequestKind::kIssuance, RequestKind::kRenewal,
                                  RequestKind::kRevocation};

struct Period {
  std::string from_text, to_text;  // as typed (or defaulted), for the form and links
  TimePoint from, to;              // [from, to): `to` is the day after the last day
};

// The period of the query: from and to are WIB dates, both inclusive; by
// default the twelve weeks up to today. kInvalidArgument "invalid_period".
Result<Period> ParsePeriod(const HttpRequest& request, TimePoint now) {
  Period p;
  p.to_text = request.Query("to").value_or("");
  p.from_text = request.Query("from").value_or("");
  if (p.to_text.empty()) p.to_text = WibDate(now);
  std::optional<TimePoint> to = ParseWibDate(p.to_text);
  if (!to) return Status::Invalid("invalid_period", "to");
  if (p.from_text.empty()) p.from_text = WibDate(*to - std::chrono::days(kDefaultDays - 1));
  std::optional<TimePoint> from = ParseWibDate(p.from_text);
  if (!from) return Status::Invalid("invalid_period", "from");
  p.from = *from;
  p.to = *to + std::chrono::days(1);
  if (p.to <= p.from || p.to - p.from > std::chrono::days(kMaxDays)) {
    return Status::Invalid("invalid_period", "from after to, or longer than a year");
  }
  return p;
}

std::string StepName(i18n::Lang lang, RequestKind kind, int step) {
  for (const workflow::SopStep& s : workflow::StepsOf(kind)) {
    if (s.number == step) return lang == i18n::Lang::kId ? s.name_id : s.name_en;
  }
  return std::to_string(step);
}

std::string AgencyName(const std::map<int64_t, identity::Agency>& index, int64_t id) {
  auto it = index.find(id);
  return it == index.end() ? "#" + std::to_string(id) : it->second.name + " (" + it->second.code + ")";
}


HttpResponse GetTiming(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAuditor, auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  const Visitor& v = *gate.visitor;
  const i18n::Lang lang = v.lang;
  auto T = [&](const char* key) { return env.catalogue.Text(lang, key); };

  RequestKind kind = RequestKind::kDataChange;
  nlohmann::json view = nlohmann::json::object();
  int status = 200;
  Status refusal;
  if (std::optional<std::string> k = request.Query("kind"); k && !k->empty()) {
    Result<RequestKind> parsed = workflow::ParseRequestKind(*k);
    if (parsed.ok()) kind = *parsed;
    else refusal = parsed.status();
  }
  Result<Period> period = ParsePeriod(request, SystemClock().Now());
  if (refusal.ok() && !period.ok()) refusal = period.status();
  nlohmann::json kinds = nlohmann::json::array();
  for (RequestKind k : kKinds) {
    kinds.push_back({{"value", workflow::ToString(k)},
                     {"label", env.catalogue.Text(lang, std::string("sop_kind_") + workflow::ToString(k))},
                     {"selected", k == kind}});
  }
  view["kinds"] = kinds;
  view["from"] = request.Query("from").value_or(period.ok() ? period->from_text : "").substr(0, 10);
  view["to"] = request.Query("to").value_or(period.ok() ? period->to_text : "").substr(0, 10);
  view["report"] = false;
  if (!refusal.ok()) {
    status = AddError(env, request, v, refusal, view);
    return Render(env, request, v, status, "report_timing", "report_title", std::move(view));
  }
  view["from"] = period->from_text;
  view["to"] = period->to_text;
  Result<workflow::TimingReport> report = env.services.requests->Report(*v.actor, period->from, period->to);
  if (!report.ok()) return ErrorPage(env, request, v, report.status());
  auto agencies = env.services.accounts->ListAgencies(*v.actor);
  if (!agencies.ok()) return ErrorPage(env, request, v, agencies.status());
  std::map<int64_t, identity::Agency> index;
  for (const identity::Agency& a : *agencies) index[a.id] = a;
  const std::string kind_label = env.catalogue.Text(lang, std::string("sop_kind_") + workflow::ToString(kind));
  const std::map<std::string, std::string> args = {
      {"kind", kind_label},
      {"from", WibDayLabel(env.catalogue, lang, period->from, true)},
      {"to", WibDayLabel(env.catalogue, lang, period->to - std::chrono::days(1), true)}};

  // 1. Per step: median and p90 against the standard time.
  BarChart steps;
  steps.id = "chart-steps";
  steps.title = env.catalogue.Format(lang, "chart_steps_title", args);
  steps.description = env.catalogue.Format(lang, "chart_steps_desc", args);
  steps.series = {T("series_median"), T("series_p90")};
  steps.reference_name = T("series_standard");
  nlohmann::json step_rows = nlohmann::json::array();
  for (const workflow::TimingRow& r : report->rows) {
    if (r.kind != kind || r.group != "all") continue;
    const std::string label = env.catalogue.Format(lang, "rep_step_label", {{"step", std::to_string(r.step)}});
    steps.bars.push_back({label,
                          {static_cast<double>(r.median.count()), static_cast<double>(r.p90.count())},
                          {CompactDurationText(env.catalogue, lang, r.median),
                           CompactDurationText(env.catalogue, lang, r.p90)},
                          static_cast<double>(r.standard.count())});
    step_rows.push_back({{"step", std::to_string(r.step)},
                         {"name", StepName(lang, kind, r.step)},
                         {"count", std::to_string(r.count)},
                         {"median", CompactDurationText(env.catalogue, lang, r.median)},
                         {"p90", CompactDurationText(env.catalogue, lang, r.p90)},
                         {"standard", CompactDurationText(env.catalogue, lang, r.standard)},
                         {"within", PercentText(lang, r.within_standard)},
                         {"late", r.p90 > r.standard}});
  }

  // 2. Requests per week.
  BarChart weekly;
  weekly.id = "chart-weekly";
  weekly.title = env.catalogue.Format(lang, "chart_weekly_title", args);
  weekly.description = env.catalogue.Format(lang, "chart_weekly_desc", args);
  weekly.series = {T("series_requests")};
  nlohmann::json week_rows = nlohmann::json::array();
  for (const workflow::WeekCount& w : report->weekly) {
    if (w.kind != kind) continue;
    weekly.bars.push_back({WibDayLabel(env.catalogue, lang, w.week_start, false),
                           {static_cast<double>(w.count)},
                           {std::to_string(w.count)},
                           std::nullopt});
    week_rows.push_back({{"week", WibDayLabel(env.catalogue, lang, w.week_start, true)}, {"count", std::to_string(w.count)}});
  }

  // 3. Share of steps within the standard, by agency.
  BarChart shares;
  shares.id = "chart-agencies";
  shares.title = env.catalogue.Format(lang, "chart_agencies_title", args);
  shares.description = env.catalogue.Format(lang, "chart_agencies_desc", args);
  shares.series = {T("series_within")};
  shares.max = 100;
  nlohmann::json agency_rows = nlohmann::json::array();
  for (const workflow::AgencyShare& a : report->by_agency) {
    if (a.kind != kind || a.count == 0) continue;
    const double share = static_cast<double>(a.within) / static_cast<double>(a.count);
    shares.bars.push_back({AgencyName(index, a.agency_id),
                           {share * 100},
                           {PercentText(lang, share) + " (" + std::to_string(a.within) + "/" +
                            std::to_string(a.count) + ")"},
                           std::nullopt});
    agency_rows.push_back({{"agency", AgencyName(index, a.agency_id)},
                           {"count", std::to_string(a.count)},
                           {"within", std::to_string(a.within)},
                           {"share", PercentText(lang, share)}});
  }

  // The SVG is built by svg_chart.cc, which escapes every text it is given:
  // the one place a template inserts markup unescaped ({{{svg}}}).
  view["report"] = {
      {"kind_label", kind_label},
      {"period_text", env.catalogue.Format(lang, "report_period", args)},
      {"steps_svg", HorizontalBarsSvg(steps)},
      {"steps", step_rows},
      {"has_steps", !step_rows.empty()},
      {"weekly_svg", ColumnsSvg(weekly)},
      {"weeks", week_rows},
      {"has_weeks", !week_rows.empty()},
      {"agencies_svg", HorizontalBarsSvg(shares)},
      {"agencies", agency_rows},
      {"has_agencies", !agency_rows.empty()},
      {"csv_href", "/reports/timing.csv?from=" + PercentEncode(period->from_text) +
                       "&to=" + PercentEncode(period->to_text)}};
  return Render(env, request, v, status, "report_timing", "report_title", std::move(view));
}

HttpResponse GetTimingCsv(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAuditor, auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  Result<Period> period = ParsePeriod(request, SystemClock().Now());
  if (!period.ok()) return ErrorPage(env, request, *gate.visitor, period.status());
  Result<workflow::TimingReport> report =
      env.services.requests->Report(*gate.visitor->actor, period->from, period->to);
  if (!report.ok()) return ErrorPage(env, request, *gate.visitor, report.status());
  HttpResponse r = HttpResponse::Text(200, workflow::TimingReportCsv(*report), "text/csv; charset=utf-8");
  r.SetHeader("Content-Disposition", "attachment; filename=\"timing-report-" + period->from_text +
                                         "-" + period->to_text + ".csv\"");
  return r;
}

}  // namespace

void AddReportPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/reports/timing", [env](const HttpRequest& r) { return GetTiming(*env, r); });
  router.Add("GET", "/reports/timing.csv", [env](const HttpRequest& r) { return GetTimingCsv(*env, r); });
}

}  // namespace ams::web::pages
