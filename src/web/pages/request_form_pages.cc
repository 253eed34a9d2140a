// The applicant's request forms: registration and data change (SOP step 1),
// each with its document upload and the printable form to sign and scan.
//   GET  /requests/new/:kind             the form (kind: registration, data_change)
//   POST /requests/new/:kind/documents   multipart upload, then back to the form
//   POST /requests/new/:kind             submit, then the request's page
// The upload is a form of its own so that a refused file changes nothing
// and the request is only ever submitted with documents already stored.
#include <set>

#include "documents/document_service.h"
#include "identity/identity.h"
#include "web/http/multipart.h"
#include "web/pages/ops_view.h"
#include "web/pages/pages.h"
#include "workflow/requests/request_fields.h"

namespace ams::web::pages {

namespace {

using nlohmann::json;

constexpr size_t kMaxFieldBytes = 256;
constexpr size_t kMaxNoteBytes = 2000;

bool KnownKind(const std::string& kind) { return kind == "registration" || kind == "data_change"; }

// The values the form shows: what was typed, else the current identity.
struct FormState {
  std::map<std::string, std::string> values;
  std::set<int64_t> checked;  // document ids ticked
  std::string note;
};

std::set<int64_t> IdList(const std::string& text) {
  std::set<int64_t> out;
  size_t start = 0;
  while (start <= text.size() && out.size() < 50) {
    size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (Result<int64_t> id = ParseId(part); id.ok()) out.insert(*id);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

HttpResponse Form(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                  const std::string& kind, int status, json view, const FormState* typed) {
  const auth::Actor& actor = *v.actor;
  const i18n::Lang lang = v.lang;
  FormState state;
  if (typed) {
    state = *typed;
  } else {
    state.checked = IdList(request.Query("checked").value_or(""));
    if (kind == "data_change") {
      auto history = env.services.accounts->IdentityHistory(actor, actor.account_id);
      if (!history.ok()) return ErrorPage(env, request, v, history.status());
      if (!history->empty()) state.values = workflow::FieldsOf(history->back().data);
    }
  }
  json fields = json::array();
  for (const std::string& name : identity::IdentityFieldNames()) {
    const std::string value = state.values.count(name) ? state.values.at(name) : "";
    json f = {{"name", name},
              {"id", "f-" + name},
              {"label", FieldLabel(env, lang, name)},
              {"value", value},
              {"optional", name == "phone" || name == "unit"},
              {"is_agency", name == "agency_id"},
              {"numeric", name == "nik" || name == "nip"},
              {"type", name == "email" ? "email" : (name == "phone" ? "tel" : "text")},
              {"hint", env.catalogue.Text(lang, "form_hint_" + name)}};
    if (name == "agency_id") {
      json options = json::array();
      for (const identity::Agency& a : AllAgencies(env)) {
        options.push_back({{"value", std::to_string(a.id)},
                           {"label", a.name + " (" + a.code + ")"},
                           {"selected", std::to_string(a.id) == value}});
      }
      f["options"] = options;
    }
    if (view.contains("error") && view["error"].contains("field") && view["error"]["field"] == name) {
      f["invalid"] = true;
    }
    fields.push_back(std::move(f));
  }
  auto docs = env.services.documents->ListOf(actor, actor.account_id);
  if (!docs.ok()) return ErrorPage(env, request, v, docs.status());
  json doc_rows = json::array();
  for (const documents::DocumentRecord& d : *docs) {
    json row = DocumentRow(env, lang, d);
    row["checked"] = state.checked.count(d.id) > 0;
    doc_rows.push_back(std::move(row));
  }
  const size_t max_mb = env.services.documents->limits().max_bytes / 1000000;
  view["kind"] = kind;
  view["intro"] = env.catalogue.Text(lang, "request_form_intro_" + kind);
  view["action"] = "/requests/new/" + kind;
  view["upload_action"] = "/requests/new/" + kind + "/documents";
  view["form_pdf_href"] = "/api/v1/forms/" + kind + ".pdf";
  view["fields"] = fields;
  view["documents"] = doc_rows;
  view["has_documents"] = !docs->empty();
  view["note"] = state.note;
  std::string checked_ids;
  for (int64_t id : state.checked) checked_ids += (checked_ids.empty() ? "" : ",") + std::to_string(id);
  view["checked_ids"] = checked_ids;
  view["upload_hint"] = env.catalogue.Format(
      lang, "upload_hint", {{"mb", std::to_string(max_mb)},
                            {"files", std::to_string(env.services.documents->limits().max_files)}});
  if (!view.contains("notice")) view["notice"] = NoticeFrom(env, lang, request);
  return Render(env, request, v, status, "request_form", "request_form_title_" + kind, std::move(view));
}

// The field a refusal is about ("invalid_nik" -> nik), for aria-invalid.
std::string FieldOfReason(const Status& s) {
  const std::string& r = s.reason();
  for (const std::string& name : identity::IdentityFieldNames()) {
    if (r == "invalid_" + name || r == name + "_taken") return name;
  }
  if (r == "invalid_agency") return "agency_id";
  if (r == "invalid_name") return "full_name";
  return "";
}

HttpResponse GetForm(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const std::string kind = request.params.at("kind");
  if (!KnownKind(kind)) return ErrorPage(env, request, *v, Status::NotFound("page_not_found"));
  return Form(env, request, *v, kind, 200, json::object(), nullptr);
}

HttpResponse PostUpload(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const std::string kind = request.params.at("kind");
  if (!KnownKind(kind)) return ErrorPage(env, request, *v, Status::NotFound("page_not_found"));

  auto refuse = [&](const Status& s) {
    json view = json::object();
    int status = AddError(env, request, *v, s, view);
    if (s.reason() == "document_too_large" || s.reason() == "too_many_files") status = 413;
    if (s.reason() == "document_type_not_allowed") status = 415;
    view["upload_error"] = true;
    return Form(env, request, *v, kind, status, std::move(view), nullptr);
  };
  // The server refused a body over its limit before reading it; each file
  // is checked against the document limit by the service.
  MultipartLimits limits;
  limits.max_parts = env.services.documents->limits().max_files + 4;
  Result<std::vector<Part>> parts = ParseMultipart(request, limits);
  if (!parts.ok()) return refuse(parts.status());
  std::map<std::string, std::string> fields;
  std::vector<documents::IncomingFile> files;
  for (Part& p : *parts) {
    if (p.name == "file" && p.is_file()) {
      files.push_back({std::move(p.filename), std::move(p.data)});
    } else if (!p.is_file() && p.data.size() <= kMaxFieldBytes) {
      fields[p.name] = p.data;
    }
  }
  if (!CsrfOk(*v, fields)) return refuse(Status::PermissionDenied("csrf_token_invalid"));
  Result<documents::DocumentPurpose> purpose = documents::ParsePurpose(fields["purpose"]);
  if (!purpose.ok()) return refuse(purpose.status());
  auto stored = env.services.documents->Upload(*v->actor, v->actor->account_id, *purpose, files);
  if (!stored.ok()) return refuse(stored.status());
  std::string ids;
  for (const documents::DocumentRecord& d : *stored) ids += (ids.empty() ? "" : ",") + std::to_string(d.id);
  // Keep what was ticked before, so nothing chosen is lost.
  const std::set<int64_t> before = IdList(fields["checked"]);
  for (int64_t id : before) ids += "," + std::to_string(id);
  return HttpResponse::Redirect("/requests/new/" + kind + "?notice=uploaded&checked=" + ids + "#documents");
}

HttpResponse PostSubmit(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const std::string kind = request.params.at("kind");
  if (!KnownKind(kind)) return ErrorPage(env, request, *v, Status::NotFound("page_not_found"));

  FormState typed;
  std::map<std::string, std::string> form;
  std::vector<int64_t> documents;
  Status bad;
  for (auto& [name, value] : ParseUrlEncoded(request.body, 200)) {
    if (name == "doc") {
      Result<int64_t> id = ParseId(value);
      if (!id.ok()) {
        bad = id.status();
        continue;
      }
      if (!typed.checked.count(*id)) documents.push_back(*id);
      typed.checked.insert(*id);
    } else if (!form.count(name)) {
      form[name] = value;
    }
  }
  std::map<std::string, std::string> proposed;
  for (const std::string& name : identity::IdentityFieldNames()) {
    std::string value = form[name].substr(0, kMaxFieldBytes);
    typed.values[name] = value;
    if (!value.empty()) proposed[name] = value;
  }
  typed.note = form["note"].substr(0, kMaxNoteBytes);

  auto refuse = [&](const Status& s) {
    json view = json::object();
    int status = AddError(env, request, *v, s, view);
    view["error"]["field"] = FieldOfReason(s);
    return Form(env, request, *v, kind, status, std::move(view), &typed);
  };
  if (!CsrfOk(*v, form)) return refuse(Status::PermissionDenied("csrf_token_invalid"));
  if (!bad.ok()) return refuse(bad);
  if (form["note"].size() > kMaxNoteBytes) return refuse(Status::Invalid("too_long", "note"));
  Result<workflow::Request> made =
      kind == "data_change"
          ? env.services.requests->SubmitDataChange(*v->actor, proposed, documents, typed.note)
          : env.services.requests->SubmitRegistration(*v->actor, proposed, documents, typed.note);
  if (!made.ok()) return refuse(made.status());
  return HttpResponse::Redirect("/requests/" + std::to_string(made->id) + "?notice=submitted");
}

}  // namespace

void AddRequestFormPages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/requests/new/:kind", [env](const HttpRequest& r) { return GetForm(*env, r); });
  router.Add("POST", "/requests/new/:kind/documents",
             [env](const HttpRequest& r) { return PostUpload(*env, r); });
  router.Add("POST", "/requests/new/:kind", [env](const HttpRequest& r) { return PostSubmit(*env, r); });
}

}  // namespace ams::web::pages
