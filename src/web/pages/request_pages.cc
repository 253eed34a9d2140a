// One request's page, for its applicant and for the staff who may read it:
//   GET  /requests/:id              state, timeline, documents; for staff the
//                                   verification view (current vs proposed,
//                                   documents inline, ownership check result)
//   POST /requests/:id/claim        the operator starts verifying (SOP step 2)
//   POST /requests/:id/approve      steps 2-5 (and 7)
//   POST /requests/:id/reject       step 2, inconsistent: a reason is required
// Each POST calls one RequestService method and redirects back (303).
#include "documents/document_service.h"
#include "identity/identity.h"
#include "web/pages/ops_view.h"
#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

using nlohmann::json;

constexpr size_t kMaxReasonBytes = 1000;

bool IsStaff(const auth::Actor& a) {
  return a.role == auth::Role::kOperator || a.role == auth::Role::kAdmin ||
         a.role == auth::Role::kAuditor;
}

// Current and proposed values side by side, differences marked.
json Comparison(const PageEnv& env, i18n::Lang lang, const workflow::RequestView& view) {
  json rows = json::array();
  const auto& proposed = view.request.proposed;
  for (const std::string& name : identity::IdentityFieldNames()) {
    auto cur = view.current_values.find(name);
    auto next = proposed.find(name);
    const std::string current = cur == view.current_values.end() ? "" : cur->second;
    const bool has_new = next != proposed.end();
    const bool changed =
        std::find(view.changed_fields.begin(), view.changed_fields.end(), name) != view.changed_fields.end();
    if (current.empty() && !has_new) continue;
    rows.push_back({{"field", name},
                    {"label", FieldLabel(env, lang, name)},
                    {"current", FieldDisplay(env, name, current)},
                    {"proposed", has_new ? FieldDisplay(env, name, next->second) : std::string()},
                    {"has_proposed", has_new},
                    {"changed", changed}});
  }
  return rows;
}

HttpResponse Page(const PageEnv& env, const HttpRequest& request, const Visitor& v, int64_t id,
                  int status, json view) {
  const auth::Actor& actor = *v.actor;
  const i18n::Lang lang = v.lang;
  auto found = env.services.requests->Get(actor, id);
  if (!found.ok()) return ErrorPage(env, request, v, found.status());
  const workflow::Request& r = found->request;
  const bool staff = IsStaff(actor);
  const bool mine = r.account_id == actor.account_id;
  const bool open = r.state == workflow::RequestState::kSubmitted;
  const bool decides = open && (actor.role == auth::Role::kOperator || actor.role == auth::Role::kAdmin) && !mine;
  const bool claimed_by_other = r.claimed_by && *r.claimed_by != actor.account_id;

  view["request"] = RequestRow(env, lang, *found);
  view["timeline"] = Timeline(env, lang, *found);
  view["staff"] = staff;
  view["version"] = std::to_string(r.version);
  view["comparison"] = Comparison(env, lang, *found);
  view["note"] = r.note;
  view["has_note"] = !r.note.empty();
  view["previous_href"] = r.previous_id ? json("/requests/" + std::to_string(*r.previous_id)) : json(false);
  view["previous_id"] = r.previous_id ? std::to_string(*r.previous_id) : "";
  json warnings = json::array();
  for (const std::string& w : found->warnings) warnings.push_back(env.catalogue.Text(lang, "warning_" + w));
  view["warnings"] = warnings;
  view["has_warnings"] = staff && !found->warnings.empty();

  json docs = json::array();
  for (int64_t doc_id : r.documents) {
    auto d = env.services.documents->Get(actor, doc_id);
    if (!d.ok()) continue;  // no longer readable by this visitor: not shown
    docs.push_back(DocumentRow(env, lang, *d));
  }
  view["documents"] = docs;
  view["has_documents"] = !docs.empty();

  view["can_claim"] = decides && !r.claimed_by;
  view["can_decide"] = decides && !claimed_by_other;
  view["claimed_by_other"] = open && claimed_by_other;
  view["claimed_by_me"] = open && r.claimed_by && *r.claimed_by == actor.account_id;
  view["claimed_text"] = claimed_by_other ? env.catalogue.Format(lang, "claimed_by_other",
                                                                 {{"id", std::to_string(*r.claimed_by)}})
                                          : "";
  if (!view.contains("reason")) view["reason"] = "";

  // SOP step 5: the ownership check's result.
  view["has_ownership"] = !r.ownership.empty();
  view["ownership_text"] = r.ownership == "owns"
                               ? env.catalogue.Format(lang, "ownership_owns",
                                                      {{"count", std::to_string(r.certificates.size())}})
                               : env.catalogue.Text(lang, "ownership_none");
  json to_revoke = json::array();
  const bool revoking = r.state == workflow::RequestState::kRevocationRequired;
  for (const std::string& serial : r.certificates) {
    to_revoke.push_back({{"serial", serial},
                         {"revoke_href", "/certificates/" + serial + "/revoke?request=" + std::to_string(r.id)}});
  }
  view["certificates"] = to_revoke;
  view["revocation_required"] = revoking;
  view["applicant_revokes"] = revoking && mine;
  if (!view.contains("notice")) view["notice"] = NoticeFrom(env, lang, request);
  view["title_text"] = env.catalogue.Format(lang, "request_page_heading",
                                            {{"kind", view["request"]["kind_label"].get<std::string>()},
                                             {"id", std::to_string(r.id)}});
  return Render(env, request, v, status, "request", "request_title", std::move(view));
}

HttpResponse GetRequest(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  Result<int64_t> id = ParseId(request.params.at("id"));
  if (!id.ok()) return ErrorPage(env, request, *v, id.status());
  return Page(env, request, *v, *id, 200, json::object());
}

enum class Decision { kClaim, kApprove, kReject };

HttpResponse PostDecision(const PageEnv& env, const HttpRequest& request, Decision decision) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  Result<int64_t> id = ParseId(request.params.at("id"));
  if (!id.ok()) return ErrorPage(env, request, *v, id.status());
  std::map<std::string, std::string> form = request.FormFields();
  const std::string reason = form["reason"];
  auto refuse = [&](const Status& s) {
    json view = json::object();
    int status = AddError(env, request, *v, s, view);
    view["reason"] = reason.substr(0, kMaxReasonBytes);
    view["reason_invalid"] = s.reason() == "reason_required" || s.reason() == "invalid_text";
    return Page(env, request, *v, *id, status, std::move(view));
  };
  if (!CsrfOk(*v, form)) return refuse(Status::PermissionDenied("csrf_token_invalid"));
  // The version the operator saw: a decision on a request that changed
  // meanwhile is refused (request_changed) instead of acting on stale data.
  std::optional<int64_t> version;
  if (!form["version"].empty()) {
    Result<int64_t> parsed = ParseId(form["version"]);
    if (!parsed.ok()) return refuse(parsed.status());
    version = *parsed;
  }
  Result<workflow::Request> r = Status::Internal("unreachable");
  const char* notice = "";
  switch (decision) {
    case Decision::kClaim:
      r = env.services.requests->Claim(*v->actor, *id, version);
      notice = "claimed";
      break;
    case Decision::kApprove:
      r = env.services.requests->Approve(*v->actor, *id, version);
      notice = "approved";
      break;
    case Decision::kReject:
      if (reason.size() > kMaxReasonBytes) return refuse(Status::Invalid("too_long", "reason"));
      r = env.services.requests->Reject(*v->actor, *id, reason, version);
      notice = "rejected";
      break;
  }
  if (!r.ok()) return refuse(r.status());
  return HttpResponse::Redirect("/requests/" + std::to_string(*id) + "?notice=" + notice);
}

}  // namespace

void AddRequestPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/requests/:id(\\d+)", [env](const HttpRequest& r) { return GetRequest(*env, r); });
  router.Add("POST", "/requests/:id(\\d+)/claim",
             [env](const HttpRequest& r) { return PostDecision(*env, r, Decision::kClaim); });
  router.Add("POST", "/requests/:id(\\d+)/approve",
             [env](const HttpRequest& r) { return PostDecision(*env, r, Decision::kApprove); });
  router.Add("POST", "/requests/:id(\\d+)/reject",
             [env](const HttpRequest& r) { return PostDecision(*env, r, Decision::kReject); });
}

}  // namespace ams::web::pages
