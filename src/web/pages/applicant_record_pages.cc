// GET /applicants/:id: one applicant as staff see them (issue #5 item 2, the
// applicant search's destination): the account, every identity version,
// documents, requests with their state and timeline, and certificates. Each
// part is read through its own service, which applies the reader's rule
// (operators: applicants of their agencies; admins and auditors: everyone),
// so the page shows nothing its visitor could not read through the API.
#include "documents/document_service.h"
#include "web/pages/ops_view.h"
#include "web/pages/pages.h"
#include "workflow/certificates/certificate_service.h"
#include "workflow/requests/request_fields.h"

namespace ams::web::pages {

namespace {

using json = nlohmann::json;

// The identity versions, newest first, each with its fields.
json VersionRows(const PageEnv& env, i18n::Lang lang, const std::vector<identity::IdentityVersion>& versions) {
  json rows = json::array();
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    const std::map<std::string, std::string> values = workflow::FieldsOf(it->data);
    json fields = json::array();
    for (const std::string& name : identity::IdentityFieldNames()) {
      auto v = values.find(name);
      if (v == values.end() || v->second.empty()) continue;
      fields.push_back({{"label", FieldLabel(env, lang, name)}, {"value", FieldDisplay(env, name, v->second)}});
    }
    rows.push_back({{"heading", env.catalogue.Format(lang, "record_version_heading",
                                                     {{"version", std::to_string(it->version)},
                                                      {"at", FormatWib(it->created_at)}})},
                    {"current", it == versions.rbegin()},
                    {"verified", it->verified},
                    {"fields", fields}});
  }
  return rows;
}

HttpResponse GetApplicantRecord(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const auth::Actor& actor = *v->actor;
  const i18n::Lang lang = v->lang;
  // Staff only: an applicant reads their own record on the dashboard.
  if (actor.role == auth::Role::kApplicant) {
    return ErrorPage(env, request, *v, Status::NotFound("account_not_found"));
  }
  Result<int64_t> id = ParseId(request.params.at("id"));
  if (!id.ok()) return ErrorPage(env, request, *v, id.status());

  Result<auth::Account> account = env.services.accounts->GetAccount(actor, *id);
  if (!account.ok()) return ErrorPage(env, request, *v, account.status());
  auto versions = env.services.accounts->IdentityHistory(actor, *id);
  if (!versions.ok()) return ErrorPage(env, request, *v, versions.status());
  auto requests = env.services.requests->List(actor, *id);
  if (!requests.ok()) return ErrorPage(env, request, *v, requests.status());
  auto documents = env.services.documents->ListOf(actor, *id);
  if (!documents.ok()) return ErrorPage(env, request, *v, documents.status());
  auto certificates = env.services.certificates->List(actor, *id);
  if (!certificates.ok()) return ErrorPage(env, request, *v, certificates.status());

  json view = json::object();
  const std::string name = versions->empty() ? account->display_name : versions->back().data.full_name;
  view["title_text"] = env.catalogue.Format(lang, "record_title", {{"name", name}});
  view["account"] = {{"email", account->email},
                     {"registered", FormatWib(account->created_at)},
                     {"disabled", account->disabled}};
  view["versions"] = VersionRows(env, lang, *versions);
  view["has_versions"] = !versions->empty();

  json request_rows = json::array();
  for (const workflow::RequestView& r : *requests) {
    json row = RequestRow(env, lang, r);
    row["timeline"] = Timeline(env, lang, r);
    request_rows.push_back(std::move(row));
  }
  view["requests"] = request_rows;
  view["has_requests"] = !requests->empty();

  json document_rows = json::array();
  for (const documents::DocumentRecord& d : *documents) document_rows.push_back(DocumentRow(env, lang, d));
  view["documents"] = document_rows;
  view["has_documents"] = !documents->empty();

  json certificate_rows = json::array();
  for (const store::CertificateRecord& c : *certificates) certificate_rows.push_back(CertificateRow(env, lang, c));
  view["certificates"] = certificate_rows;
  view["has_certificates"] = !certificates->empty();
  return Render(env, request, *v, 200, "applicant_record", "record_title_plain", std::move(view));
}

}  // namespace

void AddApplicantRecordPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/applicants/:id(\\d+)", [env](const HttpRequest& r) { return GetApplicantRecord(*env, r); });
}

}  // namespace ams::web::pages
