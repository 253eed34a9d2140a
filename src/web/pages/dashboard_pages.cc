// GET /dashboard: each role's landing page.
#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

// "Dinas Komunikasi dan Informatika (DISKOMINFO)", or the id if the name
// cannot be read (the page still shows everything else).
std::string AgencyLabel(const PageEnv& env, int64_t agency_id) {
  identity::Agency agency;
  Status s = env.services.store->Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(agency, tx.agencies().Find(agency_id));
    return Status();
  });
  if (!s.ok()) return "#" + std::to_string(agency_id);
  return agency.name + " (" + agency.code + ")";
}

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
