// Accounts (admin), agencies (everyone signed in) and the audit log (auditor)
// over HTTP.
#include "web/api/admin_api.h"

#include "web/api/api_support.h"

namespace ams::web::api {

namespace {

using nlohmann::json;

Result<identity::IdentityData> IdentityFromJson(const json& j) {
  static const std::vector<std::string> kFields = {"full_name", "nik",  "nip",  "email",
                                                   "phone",     "agency_id", "unit", "position"};
  for (const auto& [key, value] : j.items()) {
    if (std::find(kFields.begin(), kFields.end(), key) == kFields.end()) {
      return Status::Invalid("unknown_field", "identity." + key.substr(0, 64));
    }
    bool ok = key == "agency_id" ? value.is_number_integer() : value.is_string();
    if (!ok) return Status::Invalid("invalid_type", "identity." + key);
    if (value.is_string() && value.get_ref<const std::string&>().size() > 512) {
      return Status::Invalid("too_long", "identity." + key);
    }
  }
  identity::IdentityData d;
  d.full_name = j.value("full_name", "");
  d.nik = j.value("nik", "");
  d.nip = j.value("nip", "");
  d.email = j.value("email", "");
  d.phone = j.value("phone", "");
  d.agency_id = j.value("agency_id", int64_t{0});
  d.unit = j.value("unit", "");
  d.position = j.value("position", "");
  return d;
}

HttpResponse CreateAccount(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto body = ParseJsonBody(req, {{"email", JsonType::kString, true, 254},
                                  {"password", JsonType::kString, true, 4096},
                                  {"full_name", JsonType::kString, true, 512},
                                  {"role", JsonType::kString, true, 20},
                                  {"identity", JsonType::kObject, false},
                                  {"agencies", JsonType::kArray, false}});
  if (!body.ok()) return Error(req, body.status());
  auth::NewAccount in;
  in.email = (*body)["email"];
  in.password = SecretString((*body)["password"]);
  in.display_name = (*body)["full_name"];
  Result<auth::Role> role = auth::ParseRole((*body)["role"].get<std::string>());
  if (!role.ok()) return Error(req, role.status());
  in.role = *role;
  if (body->contains("identity") && !(*body)["identity"].is_null()) {
    Result<identity::IdentityData> d = IdentityFromJson((*body)["identity"]);
    if (!d.ok()) return Error(req, d.status());
    in.identity = *d;
  }
  if (body->contains("agencies") && !(*body)["agencies"].is_null()) {
    for (const json& a : (*body)["agencies"]) {
      if (!a.is_number_integer()) return Error(req, Status::Invalid("invalid_type", "agencies"));
      in.agencies.push_back(a.get<int64_t>());
    }
  }
  Result<int64_t> id = accounts.CreateAccount(*actor, in);
  if (!id.ok()) return Error(req, id.status());
  return HttpResponse::Json(201, {{"id", *id}});
}

HttpResponse ListAccounts(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto list = accounts.ListAccounts(*actor);
  if (!list.ok()) return Error(req, list.status());
  json out = json::array();
  for (const auto& a : *list) out.push_back(AccountJson(a));
  return HttpResponse::Json(200, {{"accounts", out}});
}

HttpResponse GetAccount(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> id = IntParam(req, "id");
  if (!id.ok()) return Error(req, id.status());
  Result<auth::Account> account = accounts.GetAccount(*actor, *id);
  if (!account.ok()) return Error(req, account.status());
  auto history = accounts.IdentityHistory(*actor, *id);
  if (!history.ok()) return Error(req, history.status());
  json versions = json::array();
  for (const auto& v : *history) versions.push_back(IdentityJson(v));
  return HttpResponse::Json(200, {{"account", AccountJson(*account)}, {"identity_versions", versions}});
}

// GET /api/v1/agencies: the agencies with the id every other endpoint takes
// (agency_id, agencies) and the code `ams user add --agency` takes.
HttpResponse ListAgencies(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<std::vector<identity::Agency>> list = accounts.ListAgencies(*actor);
  if (!list.ok()) return Error(req, list.status());
  json out = json::array();
  for (const identity::Agency& a : *list) {
    out.push_back({{"id", a.id}, {"code", a.code}, {"name", a.name}});
  }
  return HttpResponse::Json(200, {{"agencies", out}});
}

// POST /api/v1/accounts/:id/role {"role"} and /disabled {"disabled"}.
HttpResponse ChangeAccount(auth::AccountService& accounts, const HttpRequest& req, bool role) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> id = IntParam(req, "id");
  if (!id.ok()) return Error(req, id.status());
  auto body = role ? ParseJsonBody(req, {{"role", JsonType::kString, true, 20}})
                   : ParseJsonBody(req, {{"disabled", JsonType::kBool, true}});
  if (!body.ok()) return Error(req, body.status());
  Result<auth::Account> account = accounts.GetAccount(*actor, *id);
  if (!account.ok()) return Error(req, account.status());
  Status s;
  if (role) {
    Result<auth::Role> r = auth::ParseRole((*body)["role"].get<std::string>());
    if (!r.ok()) return Error(req, r.status());
    s = accounts.SetRole(*actor, account->email, *r);
  } else {
    s = accounts.SetDisabled(*actor, account->email, (*body)["disabled"].get<bool>());
  }
  if (!s.ok()) return Error(req, s);
  return HttpResponse::Json(200, {{"updated", true}});
}

// POST /api/v1/accounts/:id/password {"password"}: an admin's reset.
HttpResponse ResetPassword(auth::AccountService& accounts, const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> id = IntParam(req, "id");
  if (!id.ok()) return Error(req, id.status());
  auto body = ParseJsonBody(req, {{"password", JsonType::kString, true, 4096}});
  if (!body.ok()) return Error(req, body.status());
  Result<auth::Account> account = accounts.GetAccount(*actor, *id);
  if (!account.ok()) return Error(req, account.status());
  Status s = accounts.ResetPassword(*actor, account->email, SecretString((*body)["password"]));
  if (!s.ok()) return Error(req, s);
  return HttpResponse::Json(200, {{"updated", true}});
}

HttpResponse QueryAudit(auth::AccountService& accounts, audit::AuditService& audit,
                        const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  audit::AuditFilter f;
  f.action = req.Query("action").value_or("").substr(0, 100);
  f.object_type = req.Query("object_type").value_or("").substr(0, 100);
  f.object_id = req.Query("object_id").value_or("").substr(0, 100);
  // One reason for every filter field; an empty one is not given.
  const IntRule id{.reason = "invalid_query", .empty_is_absent = true};
  // Unix seconds up to 2100-01-01: TimePoint counts nanoseconds and would
  // overflow past 2262.
  const IntRule seconds{.max = 4102444800, .reason = "invalid_query", .empty_is_absent = true};
  auto actor_id = IntQuery(req, "actor", 0, id);
  auto from = IntQuery(req, "from", 0, seconds);
  auto to = IntQuery(req, "to", 0, seconds);
  auto before = IntQuery(req, "before", 0, id);
  auto limit = IntQuery(req, "limit", 50,
                        {.min = 1, .max = 500, .reason = "invalid_query", .empty_is_absent = true});
  for (const auto* r : {&actor_id, &from, &to, &before, &limit}) {
    if (!r->ok()) return Error(req, r->status());
  }
  if (*actor_id > 0) f.actor_id = *actor_id;
  if (*from > 0) f.from = FromUnixSeconds(*from);
  if (*to > 0) f.to = FromUnixSeconds(*to);
  f.before_seq = *before;
  f.limit = static_cast<int>(*limit);
  auto records = audit.Query(*actor, f);
  if (!records.ok()) return Error(req, records.status());
  json out = json::array();
  for (const auto& r : *records) {
    out.push_back({{"seq", r.seq},
                   {"at", FormatUtc(r.event.at)},
                   {"actor_id", r.event.actor_id ? json(*r.event.actor_id) : json(nullptr)},
                   {"actor", r.event.actor_label},
                   {"action", r.event.action},
                   {"object_type", r.event.object_type},
                   {"object_id", r.event.object_id},
                   {"details", json::parse(r.event.details, nullptr, false)},
                   {"remote_addr", r.event.remote_addr},
                   {"hash", r.hash}});
  }
  json page = {{"records", out}};
  if (!records->empty() && static_cast<int>(records->size()) == f.limit) {
    page["next_before"] = records->back().seq;
  }
  return HttpResponse::Json(200, page);
}

HttpResponse VerifyAudit(auth::AccountService& accounts, audit::AuditService& audit,
                         const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto verdict = audit.Verify(*actor);
  if (!verdict.ok()) return Error(req, verdict.status());
  return HttpResponse::Json(200, {{"ok", verdict->ok},
                                  {"records", verdict->records},
                                  {"first_bad_seq", verdict->first_bad_seq},
                                  {"problem", verdict->problem}});
}

}  // namespace

void AddAdminRoutes(Router& router, auth::AccountService& accounts, audit::AuditService& audit) {
  auth::AccountService* a = &accounts;
  audit::AuditService* l = &audit;
  router.Add("POST", "/api/v1/accounts", [a](const HttpRequest& r) { return CreateAccount(*a, r); });
  router.Add("GET", "/api/v1/accounts", [a](const HttpRequest& r) { return ListAccounts(*a, r); });
  router.Add("GET", "/api/v1/accounts/:id", [a](const HttpRequest& r) { return GetAccount(*a, r); });
  router.Add("POST", "/api/v1/accounts/:id/role",
             [a](const HttpRequest& r) { return ChangeAccount(*a, r, true); });
  router.Add("POST", "/api/v1/accounts/:id/disabled",
             [a](const HttpRequest& r) { return ChangeAccount(*a, r, false); });
  router.Add("POST", "/api/v1/accounts/:id/password",
             [a](const HttpRequest& r) { return ResetPassword(*a, r); });
  router.Add("GET", "/api/v1/agencies", [a](const HttpRequest& r) { return ListAgencies(*a, r); });
  router.Add("GET", "/api/v1/audit", [a, l](const HttpRequest& r) { return QueryAudit(*a, *l, r); });
  router.Add("GET", "/api/v1/audit/verify",
             [a, l](const HttpRequest& r) { return VerifyAudit(*a, *l, r); });
}

}  // namespace ams::web::api
