// The operator's pages: the queue (filterable by kind, agency, age and state,
// late requests marked in text) and the applicant search.
//   GET /queue?kind=&agency=&age=&state=
//   GET /applicants?q=
#include "web/pages/ops_view.h"
#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

using nlohmann::json;

// The age filter's choices, in minutes ("" = any age).
constexpr const char* kAges[] = {"5", "60", "1440"};
constexpr const char* kStates[] = {"submitted", "revocation_required", "completed", "rejected"};
constexpr const char* kKinds[] = {"data_change", "registration"};

json Options(const PageEnv& env, i18n::Lang lang, const char* prefix, const std::string& chosen,
             std::initializer_list<const char*> values) {
  json out = json::array();
  for (const char* value : values) {
    out.push_back({{"value", value},
                   {"label", env.catalogue.Text(lang, std::string(prefix) + value)},
                   {"selected", chosen == value}});
  }
  return out;
}

HttpResponse GetQueue(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const auth::Actor& actor = *v->actor;
  const i18n::Lang lang = v->lang;
  const std::string kind = request.Query("kind").value_or("");
  const std::string agency = request.Query("agency").value_or("");
  const std::string age = request.Query("age").value_or("");
  const std::string state = request.Query("state").value_or("");

  json view = json::object();
  view["kinds"] = Options(env, lang, "kind_", kind, {kKinds[0], kKinds[1]});
  view["ages"] = Options(env, lang, "age_", age, {kAges[0], kAges[1], kAges[2]});
  view["states"] = Options(env, lang, "state_", state, {kStates[0], kStates[1], kStates[2], kStates[3]});
  json agencies = json::array();
  for (const identity::Agency& a : AllAgencies(env)) {
    // Operators choose among their own agencies; the service narrows anyway.
    const bool theirs = actor.role != auth::Role::kOperator ||
                        std::find(actor.agencies.begin(), actor.agencies.end(), a.id) != actor.agencies.end();
    if (!theirs) continue;
    agencies.push_back({{"value", std::to_string(a.id)},
                        {"label", a.name + " (" + a.code + ")"},
                        {"selected", agency == std::to_string(a.id)}});
  }
  view["agencies"] = agencies;
  // An operator without agencies sees an empty queue: say why, and who can
  // change it, rather than let them wait for work that never comes.
  if (actor.role == auth::Role::kOperator && actor.agencies.empty()) {
    view["notice"] = env.catalogue.Text(lang, "queue_no_agencies");
  }
  view["rows"] = json::array();
  view["has_rows"] = false;

  int status = 200;
  workflow::QueueFilter filter;
  Status bad;
  if (!kind.empty()) {
    auto k = workflow::ParseRequestKind(kind);
    if (k.ok()) filter.kind = *k; else bad = Status::Invalid("invalid_query", "kind");
  }
  if (!state.empty()) {
    auto s = workflow::ParseRequestState(state);
    if (s.ok()) filter.states = {*s}; else bad = Status::Invalid("invalid_query", "state");
  }
  if (!agency.empty()) {
    auto id = ParseId(agency);
    if (id.ok()) filter.agencies = {*id}; else bad = Status::Invalid("invalid_query", "agency");
  }
  if (!age.empty()) {
    auto minutes = ParseId(age);
    if (minutes.ok() && *minutes <= 525600) {
      filter.submitted_before = env.services.clock->Now() - std::chrono::minutes(*minutes);
    } else {
      bad = Status::Invalid("invalid_query", "age");
    }
  }
  filter.limit = 200;
  using Views = Result<std::vector<workflow::RequestView>>;
  Views list = bad.ok() ? env.services.requests->Queue(actor, filter) : Views(bad);
  if (!list.ok()) {
    if (list.status().code() == Code::kPermissionDenied) return ErrorPage(env, request, *v, list.status());
    status = AddError(env, request, *v, list.status(), view);
  } else {
    int late = 0;
    for (const workflow::RequestView& r : *list) {
      view["rows"].push_back(RequestRow(env, lang, r));
      if (r.late) ++late;
    }
    view["has_rows"] = !list->empty();
    view["summary"] = env.catalogue.Format(lang, "queue_summary", {{"count", std::to_string(list->size())},
                                                                   {"late", std::to_string(late)}});
  }
  return Render(env, request, *v, status, "queue", "queue_title", std::move(view));
}

HttpResponse GetApplicants(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const std::optional<std::string> q = request.Query("q");
  json view = {{"q", q.value_or("").substr(0, 100)}, {"rows", json::array()}, {"searched", false}};
  int status = 200;
  if (q) {
    auto found = env.services.accounts->SearchApplicants(*v->actor, *q);
    if (!found.ok()) {
      if (found.status().code() == Code::kPermissionDenied) return ErrorPage(env, request, *v, found.status());
      status = AddError(env, request, *v, found.status(), view);
    } else {
      view["searched"] = true;
      for (const auth::ApplicantMatch& m : *found) {
        view["rows"].push_back(
            {{"name", m.identity ? m.identity->full_name : m.account.display_name},
             {"href", "/applicants/" + std::to_string(m.account.id)},
             {"nip", m.identity ? m.identity->nip : std::string()},
             {"email", m.account.email},
             {"agency", m.identity ? AgencyLabel(env, m.identity->agency_id) : std::string()},
             {"registered", m.identity.has_value()}});
      }
      view["has_rows"] = !found->empty();
      view["result_text"] = env.catalogue.Format(v->lang, "search_results",
                                                 {{"count", std::to_string(found->size())}});
    }
  }
  return Render(env, request, *v, status, "applicants", "search_title", std::move(view));
}

}  // namespace

void AddQueuePages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/queue", [env](const HttpRequest& r) { return GetQueue(*env, r); });
  router.Add("GET", "/applicants", [env](const HttpRequest& r) { return GetApplicants(*env, r); });
}

}  // namespace ams::web::pages
