// GET /dashboard: each role's landing page.
#include "web/pages/ops_view.h"
#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

nlohmann::json IdentityView(const PageEnv& env, const Visitor& v,
                            const identity::IdentityVersion& version) {
  const identity::IdentityData& d = version.data;
  return {{"version_label",
           env.catalogue.Format(v.lang, "identity_version", {{"version", std::to_string(version.version)}})},
          {"verified", version.verified},
          {"full_name", d.full_name},
          {"nik", d.nik},
          {"nip", d.nip},
          {"email", d.email},
          {"phone", d.phone},
          {"has_phone", !d.phone.empty()},
          {"agency", AgencyLabel(env, d.agency_id)},
          {"unit", d.unit},
          {"has_unit", !d.unit.empty()},
          {"position", d.position}};
}

HttpResponse GetDashboard(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const auth::Actor& actor = *v->actor;

  Result<auth::Account> account = env.services.accounts->GetAccount(actor, actor.account_id);
  if (!account.ok()) return ErrorPage(env, request, *v, account.status());
  nlohmann::json view = {
      {"welcome", env.catalogue.Format(v->lang, "welcome", {{"name", account->display_name}})},
      {"account",
       {{"display_name", account->display_name},
        {"email", account->email},
        {"role_label", RoleLabel(env, v->lang, account->role)},
        {"registered", FormatWib(account->created_at)},
        {"shows_second_factor", auth::RequiresSecondFactor(account->role)},
        {"second_factor", env.catalogue.Text(v->lang, account->totp_enabled ? "yes" : "no")}}},
      {"is_applicant", actor.role == auth::Role::kApplicant},
      {"is_operator", actor.role == auth::Role::kOperator},
      {"is_admin", actor.role == auth::Role::kAdmin},
      {"is_auditor", actor.role == auth::Role::kAuditor},
      {"reads_audit", actor.role == auth::Role::kAdmin || actor.role == auth::Role::kAuditor}};

  if (actor.role == auth::Role::kApplicant) {
    auto history = env.services.accounts->IdentityHistory(actor, actor.account_id);
    if (!history.ok()) return ErrorPage(env, request, *v, history.status());
    view["identity"] = history->empty() ? nlohmann::json(false)
                                        : IdentityView(env, *v, history->back());
    Status s = AddApplicantDashboard(env, *v, view);
    if (!s.ok()) return ErrorPage(env, request, *v, s);
  }
  if (actor.role == auth::Role::kOperator) {
    nlohmann::json agencies = nlohmann::json::array();
    for (int64_t id : actor.agencies) agencies.push_back(AgencyLabel(env, id));
    view["agencies"] = agencies;
    view["has_agencies"] = !actor.agencies.empty();
  }
  return Render(env, request, *v, 200, "dashboard", "dashboard_title", std::move(view));
}

}  // namespace

void AddDashboardPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/dashboard", [env](const HttpRequest& r) { return GetDashboard(*env, r); });
}

}  // namespace ams::web::pages
