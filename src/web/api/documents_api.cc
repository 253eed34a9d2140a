// Documents and printable forms over HTTP: parse, call one service, render.
#include "web/api/documents_api.h"

#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "web/api/api_support.h"
#include "web/error_response.h"
#include "web/http/multipart.h"

namespace ams::web::api {

namespace {

using documents::DocumentRecord;
using nlohmann::json;

json DocumentJson(const DocumentRecord& d) {
  return {{"id", d.id},
          {"owner_account_id", d.owner_account_id},
          {"purpose", documents::ToString(d.purpose)},
          {"media_type", documents::MimeType(d.type)},
          {"size", d.size},
          {"sha256", d.sha256},
          {"filename", d.filename},
          {"uploaded_at", FormatUtc(d.uploaded_at)},
          {"uploaded_by", d.uploaded_by ? json(*d.uploaded_by) : json(nullptr)},
          {"content_url", "/api/v1/documents/" + std::to_string(d.id) + "/content"}};
}

// Upload refusals get the status that says what is wrong with the body as a
// whole (RFC 9110 §15.5.14, §15.5.16); the JSON error code says which rule.
HttpResponse UploadError(const HttpRequest& req, const Status& s) {
  HttpResponse r = Error(req, s);
  const std::string& reason = s.reason();
  if (reason == "document_too_large" || reason == "too_many_files") r.status = 413;
  if (reason == "document_type_not_allowed" || reason == "not_multipart") r.status = 415;
  return r;
}

HttpResponse Upload(documents::DocumentService& docs, auth::AccountService& accounts,
                    const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  MultipartLimits limits;
  limits.max_parts = docs.limits().max_files + 4;  // the files and a few fields
  Result<std::vector<Part>> parts = ParseMultipart(req, limits);
  if (!parts.ok()) return UploadError(req, parts.status());

  std::string purpose_text;
  int64_t owner = actor->account_id;
  std::vector<documents::IncomingFile> files;
  for (Part& p : *parts) {
    if (p.name == "file") {
      files.push_back({std::move(p.filename), std::move(p.data)});
    } else if (p.name == "purpose" && !p.is_file()) {
      purpose_text = p.data;
    } else if (p.name == "owner_id" && !p.is_file()) {
      Result<int64_t> id = ParseInt(p.data, "owner_id", {.reason = "invalid_id"});
      if (!id.ok()) return Error(req, id.status());
      owner = *id;
    } else {
      return Error(req, Status::Invalid("unknown_field", p.name.substr(0, 64)));
    }
  }
  if (purpose_text.empty()) return Error(req, Status::Invalid("missing_field", "purpose"));
  Result<documents::DocumentPurpose> purpose = documents::ParsePurpose(purpose_text);
  if (!purpose.ok()) return Error(req, purpose.status());

  auto stored = docs.Upload(*actor, owner, *purpose, files);
  if (!stored.ok()) return UploadError(req, stored.status());
  json out = json::array();
  for (const DocumentRecord& d : *stored) out.push_back(DocumentJson(d));
  return HttpResponse::Json(201, {{"documents", out}});
}

HttpResponse List(documents::DocumentService& docs, auth::AccountService& accounts,
                  const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> owner = IntQuery(req, "owner_id", actor->account_id, {.reason = "invalid_id"});
  if (!owner.ok()) return Error(req, owner.status());
  auto list = docs.ListOf(*actor, *owner);
  if (!list.ok()) return Error(req, list.status());
  json out = json::array();
  for (const DocumentRecord& d : *list) out.push_back(DocumentJson(d));
  return HttpResponse::Json(200, {{"documents", out}});
}

HttpResponse Get(documents::DocumentService& docs, auth::AccountService& accounts,
                 const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> id = IntParam(req, "id");
  if (!id.ok()) return Error(req, id.status());
  auto doc = docs.Get(*actor, *id);
  if (!doc.ok()) return Error(req, doc.status());
  return HttpResponse::Json(200, DocumentJson(*doc));
}

HttpResponse Content(documents::DocumentService& docs, auth::AccountService& accounts,
                     const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> id = IntParam(req, "id");
  if (!id.ok()) return Error(req, id.status());
  auto doc = docs.Download(*actor, *id);
  if (!doc.ok()) return Error(req, doc.status());
  const DocumentRecord& d = doc->record;
  HttpResponse r = HttpResponse::Text(200, std::move(doc->bytes), documents::MimeType(d.type));
  // The type is the one sniffed at upload and nosniff holds the browser to
  // it, so an upload can never become HTML or script in our origin. The
  // name in the header is ours (ASCII fallback plus the sanitised UTF-8).
  r.SetHeader("Content-Disposition", "inline; filename=\"" + documents::AsciiFilename(d.filename, d.type) +
                                         "\"; filename*=UTF-8''" + PercentEncode(d.filename));
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Cache-Control", "private, no-store");
  // The operator's verification page shows documents in a frame of our own.
  r.SetHeader("Content-Security-Policy",
              "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'");
  r.SetHeader("X-Frame-Options", "SAMEORIGIN");
  return r;
}

HttpResponse Form(documents::forms::FormService& forms, auth::AccountService& accounts,
                  const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto it = req.params.find("file");
  std::string file = it == req.params.end() ? "" : it->second;
  constexpr std::string_view kSuffix = ".pdf";
  if (file.size() <= kSuffix.size() || file.substr(file.size() - kSuffix.size()) != kSuffix) {
    return Error(req, Status::NotFound("form_not_found"));
  }
  auto kind = documents::forms::ParseFormKind(file.substr(0, file.size() - kSuffix.size()));
  if (!kind.ok()) return Error(req, kind.status());
  auto pdf = forms.Generate(*actor, *kind);
  if (!pdf.ok()) return Error(req, pdf.status());
  HttpResponse r = HttpResponse::Text(200, std::move(*pdf), forms.MediaType());
  r.SetHeader("Content-Disposition", "inline; filename=\"formulir-" +
                                         std::string(documents::forms::ToString(*kind)) + ".pdf\"");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace

void AddDocumentRoutes(Router& router, documents::DocumentService& documents,
                       documents::forms::FormService& forms, auth::AccountService& accounts) {
  auto* d = &documents;
  auto* f = &forms;
  auto* a = &accounts;
  router.Add("POST", "/api/v1/documents", [d, a](const HttpRequest& r) { return Upload(*d, *a, r); });
  router.Add("GET", "/api/v1/documents", [d, a](const HttpRequest& r) { return List(*d, *a, r); });
  router.Add("GET", "/api/v1/documents/:id(\\d+)", [d, a](const HttpRequest& r) { return Get(*d, *a, r); });
  router.Add("GET", "/api/v1/documents/:id(\\d+)/content",
             [d, a](const HttpRequest& r) { return Content(*d, *a, r); });
  router.Add("GET", "/api/v1/forms/:file", [f, a](const HttpRequest& r) { return Form(*f, *a, r); });
}

}  // namespace ams::web::api
