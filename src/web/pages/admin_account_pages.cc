// The admin's people pages: accounts and roles (paged), agencies, and which
// operator works which agency. Each handler parses the form, calls one
// AccountService method (which checks the role and audits the change in the
// same transaction) and redirects, or shows the page again with the refusal.
#include <algorithm>
#include <cstdlib>

#include "web/pages/admin_support.h"
#include "web/pages/pages.h"

namespace ams::web::pages {

namespace {

constexpr size_t kPageSize = 25;
constexpr auth::Role kRoles[] = {auth::Role::kApplicant, auth::Role::kOperator,
                                 auth::Role::kAdmin, auth::Role::kAuditor};

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

Result<int64_t> ParseId(const std::string& text, const char* field) {
  if (text.empty() || text.size() > 18 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::Invalid("invalid_query", field);
  }
  return static_cast<int64_t>(std::strtoll(text.c_str(), nullptr, 10));
}

// Agency code by id, for the lists.
std::map<int64_t, identity::Agency> AgencyIndex(const std::vector<identity::Agency>& agencies) {
  std::map<int64_t, identity::Agency> out;
  for (const identity::Agency& a : agencies) out[a.id] = a;
  return out;
}

std::string AgencyText(const std::map<int64_t, identity::Agency>& index, int64_t id) {
  auto it = index.find(id);
  return it == index.end() ? "#" + std::to_string(id) : it->second.name + " (" + it->second.code + ")";
}

nlohmann::json RoleOptions(const PageEnv& env, i18n::Lang lang, auth::Role current) {
  nlohmann::json out = nlohmann::json::array();
  for (auth::Role r : kRoles) {
    out.push_back({{"value", auth::ToString(r)},
                   {"label", RoleLabel(env, lang, r)},
                   {"selected", r == current}});
  }
  return out;
}

// GET /admin/accounts?q=&page=N, also the page a refused POST shows again.
HttpResponse AccountsPage(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                          int status, nlohmann::json view) {
  const auth::Actor& actor = *v.actor;
  auto accounts = env.services.accounts->ListAccounts(actor);
  if (!accounts.ok()) return ErrorPage(env, request, v, accounts.status());
  auto agencies = env.services.accounts->ListAgencies(actor);
  if (!agencies.ok()) return ErrorPage(env, request, v, agencies.status());
  const auto index = AgencyIndex(*agencies);

  const std::string q = request.method == "GET" ? request.Query("q").value_or("").substr(0, 100) : "";
  std::vector<const auth::Account*> shown;
  for (const auth::Account& a : *accounts) {
    if (q.empty() || Lower(a.email).find(Lower(q)) != std::string::npos ||
        Lower(a.display_name).find(Lower(q)) != std::string::npos) {
      shown.push_back(&a);
    }
  }
  const size_t pages = std::max<size_t>(1, (shown.size() + kPageSize - 1) / kPageSize);
  size_t page = 1;
  if (request.method == "GET") {
    const std::string p = request.Query("page").value_or("1");
    Result<int64_t> n = ParseId(p, "page");
    if (n.ok() && *n >= 1) page = std::min<size_t>(static_cast<size_t>(*n), pages);
  }
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = (page - 1) * kPageSize; i < std::min(shown.size(), page * kPageSize); ++i) {
    const auth::Account& a = *shown[i];
    nlohmann::json agencies_of = nlohmann::json::array();
    if (a.role == auth::Role::kOperator) {
      auto assigned = env.services.accounts->AssignedAgencies(actor, a.id);
      if (assigned.ok()) {
        for (int64_t id : *assigned) agencies_of.push_back(AgencyText(index, id));
      }
    }
    rows.push_back({{"id", std::to_string(a.id)},
                    {"email", a.email},
                    {"name", a.display_name},
                    {"role_label", RoleLabel(env, v.lang, a.role)},
                    {"roles", RoleOptions(env, v.lang, a.role)},
                    {"disabled", a.disabled},
                    {"password_change_due", a.must_change_password},
                    {"created", FormatWib(a.created_at)},
                    {"agencies", agencies_of},
                    {"has_agencies", !agencies_of.empty()},
                    {"self", a.id == actor.account_id}});
  }
  std::string base = "/admin/accounts?";
  if (!q.empty()) base += "q=" + PercentEncode(q) + "&";
  view["q"] = q;
  view["accounts"] = rows;
  view["has_accounts"] = !rows.empty();
  view["here"] = base + "page=" + std::to_string(page);
  view["page_text"] = env.catalogue.Format(
      v.lang, "accounts_page_of",
      {{"page", std::to_string(page)}, {"pages", std::to_string(pages)},
       {"count", std::to_string(shown.size())}});
  view["prev_href"] = page > 1 ? nlohmann::json(base + "page=" + std::to_string(page - 1)) : nlohmann::json(false);
  view["next_href"] = page < pages ? nlohmann::json(base + "page=" + std::to_string(page + 1)) : nlohmann::json(false);
  // The new-account form: what the admin typed after a refusal, else empty.
  nlohmann::json typed = view.value("new_account", nlohmann::json::object());
  const std::string typed_role = typed.value("role", std::string("applicant"));
  const std::string typed_agency = typed.value("agency_id", std::string());
  nlohmann::json role_options = nlohmann::json::array();
  for (auth::Role r : kRoles) {
    role_options.push_back({{"value", auth::ToString(r)},
                            {"label", RoleLabel(env, v.lang, r)},
                            {"selected", auth::ToString(r) == typed_role}});
  }
  nlohmann::json agency_options = nlohmann::json::array();
  for (const identity::Agency& a : *agencies) {
    agency_options.push_back({{"value", std::to_string(a.id)},
                              {"label", a.name + " (" + a.code + ")"},
                              {"selected", std::to_string(a.id) == typed_agency}});
  }
  view["new_account"] = {{"email", typed.value("email", std::string())},
                         {"name", typed.value("name", std::string())},
                         {"roles", role_options},
                         {"agencies", agency_options}};
  view["admin_nav_accounts"] = true;
  return Render(env, request, v, status, "admin_accounts", "accounts_title", std::move(view));
}

HttpResponse GetAccounts(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  nlohmann::json view = nlohmann::json::object();
  AddNotice(env, request, *gate.visitor, {"role_changed", "account_disabled", "account_enabled"}, view);
  return AccountsPage(env, request, *gate.visitor, 200, std::move(view));
}

// POST /admin/accounts/:id/role {role} and /admin/accounts/:id/disabled {disabled}.
HttpResponse PostAccount(const PageEnv& env, const HttpRequest& request, bool role) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  const Visitor& v = *gate.visitor;
  std::map<std::string, std::string> form = request.FormFields();
  std::string notice;
  Status s = CheckCsrf(v, form);
  if (s.ok()) {
    Result<int64_t> id = ParseId(request.params.at("id"), "id");
    Result<auth::Account> account =
        id.ok() ? env.services.accounts->GetAccount(*v.actor, *id) : Result<auth::Account>(id.status());
    if (!account.ok()) {
      s = account.status();
    } else if (role) {
      Result<auth::Role> r = auth::ParseRole(form["role"]);
      s = r.ok() ? env.services.accounts->SetRole(*v.actor, account->email, *r) : r.status();
      notice = "role_changed";
    } else {
      const bool disable = form["disabled"] == "1";
      s = env.services.accounts->SetDisabled(*v.actor, account->email, disable);
      notice = disable ? "account_disabled" : "account_enabled";
    }
  }
  if (!s.ok()) {
    nlohmann::json view = nlohmann::json::object();
    const int status = AddError(env, request, v, s, view);
    return AccountsPage(env, request, v, status, std::move(view));
  }
  std::string back = LocalPath(form["back"]);
  if (!back.starts_with("/admin/accounts")) back = "/admin/accounts";
  back += back.find('?') == std::string::npos ? "?" : "&";
  return HttpResponse::Redirect(back + "notice=" + notice);
}

// An initial password for an account the admin creates: 16 characters from
// an alphabet without look-alikes (no 0/O, 1/l/I), in groups of four so it
// can be read out or typed from paper; about 79 bits.
SecretString InitialPassword(Random& random) {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  constexpr size_t kSize = sizeof(kAlphabet) - 1;
  std::string out;
  while (out.size() < 19) {
    if (out.size() % 5 == 4) {
      out += '-';
      continue;
    }
    uint8_t b = 0;
    random.Fill(&b, 1);
    if (b >= 256 - 256 % kSize) continue;  // no modulo bias
    out += kAlphabet[b % kSize];
  }
  return SecretString(std::move(out));
}

// POST /admin/accounts {email, name, role, agency_id}: a new account through
// the same AccountService::CreateAccount as the API and `ams user add` (it
// checks the role and audits account.created, and the agency, in one
// transaction). The initial password is generated here and shown once, in
// this response only: never in a URL, a redirect or a log.
HttpResponse PostNewAccount(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  const Visitor& v = *gate.visitor;
  std::map<std::string, std::string> form = request.FormFields();
  nlohmann::json view = nlohmann::json::object();
  view["new_account"] = {{"email", form["email"].substr(0, 254)},
                         {"name", form["name"].substr(0, 200)},
                         {"role", form["role"].substr(0, 20)},
                         {"agency_id", form["agency_id"].substr(0, 18)}};
  auth::NewAccount in;
  in.email = form["email"];
  in.display_name = form["name"];
  Status s = CheckCsrf(v, form);
  if (s.ok()) {
    Result<auth::Role> role = auth::ParseRole(form["role"]);
    if (!role.ok()) {
      s = role.status();
    } else {
      in.role = *role;
    }
  }
  if (s.ok() && !form["agency_id"].empty()) {
    Result<int64_t> agency = ParseId(form["agency_id"], "agency_id");
    if (!agency.ok()) {
      s = Status::Invalid("invalid_agency", "agency_id");
    } else if (in.role != auth::Role::kOperator) {
      s = Status::Invalid("agency_for_operators_only", "agency_id");
    } else {
      in.agencies.push_back(*agency);
    }
  }
  Result<int64_t> id = s.ok() ? Result<int64_t>(int64_t{0}) : Result<int64_t>(s);
  // A random password can, rarely, contain a piece of the e-mail address or
  // the name, which the password policy refuses: draw again.
  for (int attempt = 0; s.ok() && attempt < 5; ++attempt) {
    in.password = InitialPassword(*env.services.random);
    id = env.services.accounts->CreateAccount(*v.actor, in);
    const std::string reason = id.ok() ? "" : id.status().reason();
    if (reason != "password_contains_email" && reason != "password_contains_name") break;
  }
  if (!id.ok()) {
    const int status = AddError(env, request, v, id.status(), view);
    return AccountsPage(env, request, v, status, std::move(view));
  }
  Result<auth::Account> account = env.services.accounts->GetAccount(*v.actor, *id);
  if (!account.ok()) return ErrorPage(env, request, v, account.status());
  const bool staff = in.role == auth::Role::kOperator || in.role == auth::Role::kAdmin;
  view.erase("new_account");
  view["created"] = {
      {"text", env.catalogue.Format(v.lang, "account_created_text",
                                    {{"email", account->email},
                                     {"role", RoleLabel(env, v.lang, account->role)}})},
      {"email", account->email},
      {"password", in.password.reveal()},
      {"next", env.catalogue.Text(v.lang, staff ? "account_created_next_staff"
                                                : in.role == auth::Role::kApplicant
                                                      ? "account_created_next_applicant"
                                                      : "account_created_next_auditor")}};
  return AccountsPage(env, request, v, 201, std::move(view));
}

// POST /admin/accounts/:id/password: a new password for someone who forgot
// theirs, generated here and shown once, in this response only, like an
// initial password; the owner changes it at /account/password.
HttpResponse PostResetPassword(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  const Visitor& v = *gate.visitor;
  std::map<std::string, std::string> form = request.FormFields();
  Status s = CheckCsrf(v, form);
  Result<auth::Account> account = Status::NotFound("account_not_found");
  if (s.ok()) {
    Result<int64_t> id = ParseId(request.params.at("id"), "id");
    account = id.ok() ? env.services.accounts->GetAccount(*v.actor, *id)
                      : Result<auth::Account>(id.status());
    s = account.status();
  }
  SecretString password;
  for (int attempt = 0; s.ok() && attempt < 5; ++attempt) {
    password = InitialPassword(*env.services.random);
    Status reset = env.services.accounts->ResetPassword(*v.actor, account->email, password);
    if (reset.reason() == "password_contains_email" || reset.reason() == "password_contains_name") {
      continue;  // A random draw, rarely, holds a piece of them: draw again.
    }
    s = reset;
    break;
  }
  nlohmann::json view = nlohmann::json::object();
  if (!s.ok()) {
    const int status = AddError(env, request, v, s, view);
    return AccountsPage(env, request, v, status, std::move(view));
  }
  view["reset"] = {
      {"text", env.catalogue.Format(v.lang, "password_reset_text", {{"email", account->email}})},
      {"password", password.reveal()}};
  return AccountsPage(env, request, v, 200, std::move(view));
}

// GET /admin/agencies: the agencies, the form to add one, and the operators
// with the agencies they work.
HttpResponse AgenciesPage(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                          int status, nlohmann::json view) {
  const auth::Actor& actor = *v.actor;
  auto agencies = env.services.accounts->ListAgencies(actor);
  if (!agencies.ok()) return ErrorPage(env, request, v, agencies.status());
  auto accounts = env.services.accounts->ListAccounts(actor);
  if (!accounts.ok()) return ErrorPage(env, request, v, accounts.status());
  const auto index = AgencyIndex(*agencies);

  nlohmann::json agency_rows = nlohmann::json::array();
  nlohmann::json agency_options = nlohmann::json::array();
  for (const identity::Agency& a : *agencies) {
    agency_rows.push_back({{"id", std::to_string(a.id)}, {"code", a.code}, {"name", a.name}});
    agency_options.push_back({{"value", std::to_string(a.id)}, {"label", a.name + " (" + a.code + ")"}});
  }
  nlohmann::json operators = nlohmann::json::array();
  nlohmann::json operator_options = nlohmann::json::array();
  for (const auth::Account& a : *accounts) {
    if (a.role != auth::Role::kOperator) continue;
    auto assigned = env.services.accounts->AssignedAgencies(actor, a.id);
    if (!assigned.ok()) return ErrorPage(env, request, v, assigned.status());
    nlohmann::json works = nlohmann::json::array();
    for (int64_t id : *assigned) {
      works.push_back({{"agency_id", std::to_string(id)},
                       {"label", AgencyText(index, id)},
                       {"email", a.email},
                       {"remove_label", env.catalogue.Format(v.lang, "agencies_unassign_label",
                                                             {{"agency", AgencyText(index, id)},
                                                              {"email", a.email}})}});
    }
    operators.push_back({{"email", a.email},
                         {"name", a.display_name},
                         {"agencies", works},
                         {"has_agencies", !works.empty()}});
    operator_options.push_back({{"value", a.email}, {"label", a.display_name + " <" + a.email + ">"}});
  }
  if (!view.contains("form")) view["form"] = {{"code", ""}, {"name", ""}};
  view["agencies"] = agency_rows;
  view["has_agencies"] = !agency_rows.empty();
  view["agency_options"] = agency_options;
  view["operators"] = operators;
  view["has_operators"] = !operators.empty();
  view["operator_options"] = operator_options;
  view["admin_nav_agencies"] = true;
  return Render(env, request, v, status, "admin_agencies", "agencies_title", std::move(view));
}

HttpResponse GetAgencies(const PageEnv& env, const HttpRequest& request) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  nlohmann::json view = nlohmann::json::object();
  AddNotice(env, request, *gate.visitor, {"agency_added", "agency_assigned", "agency_unassigned"}, view);
  return AgenciesPage(env, request, *gate.visitor, 200, std::move(view));
}

enum class AgencyAction { kAdd, kAssign, kUnassign };

HttpResponse PostAgencies(const PageEnv& env, const HttpRequest& request, AgencyAction action) {
  Gate gate = RequireRole(env, request, {auth::Role::kAdmin});
  if (gate.response) return *gate.response;
  const Visitor& v = *gate.visitor;
  std::map<std::string, std::string> form = request.FormFields();
  nlohmann::json view = nlohmann::json::object();
  Status s = CheckCsrf(v, form);
  std::string notice;
  if (s.ok()) {
    switch (action) {
      case AgencyAction::kAdd: {
        view["form"] = {{"code", form["code"].substr(0, 64)}, {"name", form["name"].substr(0, 300)}};
        s = env.services.accounts->CreateAgency(*v.actor, form["code"], form["name"]).status();
        notice = "agency_added";
        break;
      }
      case AgencyAction::kAssign:
      case AgencyAction::kUnassign: {
        Result<int64_t> agency = ParseId(form["agency_id"], "agency_id");
        if (!agency.ok()) {
          s = Status::Invalid("invalid_agency", "agency_id");
        } else if (action == AgencyAction::kAssign) {
          s = env.services.accounts->AssignAgency(*v.actor, form["email"], *agency);
          notice = "agency_assigned";
        } else {
          s = env.services.accounts->UnassignAgency(*v.actor, form["email"], *agency);
          notice = "agency_unassigned";
        }
        break;
      }
    }
  }
  if (!s.ok()) {
    const int status = AddError(env, request, v, s, view);
    return AgenciesPage(env, request, v, status, std::move(view));
  }
  return HttpResponse::Redirect("/admin/agencies?notice=" + notice);
}

}  // namespace

void AddAdminAccountPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/admin/accounts", [env](const HttpRequest& r) { return GetAccounts(*env, r); });
  router.Add("POST", "/admin/accounts", [env](const HttpRequest& r) { return PostNewAccount(*env, r); });
  router.Add("POST", "/admin/accounts/:id(\\d+)/role",
             [env](const HttpRequest& r) { return PostAccount(*env, r, true); });
  router.Add("POST", "/admin/accounts/:id(\\d+)/disabled",
             [env](const HttpRequest& r) { return PostAccount(*env, r, false); });
  router.Add("POST", "/admin/accounts/:id(\\d+)/password",
             [env](const HttpRequest& r) { return PostResetPassword(*env, r); });
  router.Add("GET", "/admin/agencies", [env](const HttpRequest& r) { return GetAgencies(*env, r); });
  router.Add("POST", "/admin/agencies",
             [env](const HttpRequest& r) { return PostAgencies(*env, r, AgencyAction::kAdd); });
  router.Add("POST", "/admin/agencies/assign",
             [env](const HttpRequest& r) { return PostAgencies(*env, r, AgencyAction::kAssign); });
  router.Add("POST", "/admin/agencies/unassign",
             [env](const HttpRequest& r) { return PostAgencies(*env, r, AgencyAction::kUnassign); });
}

}  // namespace ams::web::pages
