// The applicant's certificate pages:
//   GET  /certificates/new                 issuance: a CSR (pasted or a file) or a
//   POST /certificates/new                 key generated here, handed over once as PKCS#12
//   GET  /certificates/:serial/revoke      revocation, the reason prefilled with
//   POST /certificates/:serial/revoke      affiliationChanged when a data change asks for it (SOP step 6)
//   GET  /certificates/:serial/renew       renewal from a new CSR
//   POST /certificates/:serial/renew
//   GET  /certificates/:serial/chain.pem   the certificate with its CA chain
// CertificateService decides who may do what (and the SOP's issuance block).
#include "base/encoding.h"
#include "base/secret.h"
#include "ca/csr.h"
#include "ca/hierarchy.h"
#include "web/http/multipart.h"
#include "web/pages/ops_view.h"
#include "web/pages/pages.h"
#include "workflow/certificates/certificate_service.h"

namespace ams::web::pages {

namespace {

using nlohmann::json;

constexpr ca::RevocationReason kReasons[] = {
    ca::RevocationReason::kAffiliationChanged, ca::RevocationReason::kKeyCompromise,
    ca::RevocationReason::kSuperseded, ca::RevocationReason::kCessationOfOperation,
    ca::RevocationReason::kUnspecified};

// --- issuance ---

HttpResponse IssueForm(const PageEnv& env, const HttpRequest& request, const Visitor& v, int status,
                       json view) {
  if (!view.contains("csr")) view["csr"] = "";
  if (!view.contains("method_generate")) view["method_generate"] = false;
  view["method_csr"] = !view["method_generate"].get<bool>();
  return Render(env, request, v, status, "certificate_new", "cert_new_title", std::move(view));
}

HttpResponse GetIssue(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  return IssueForm(env, request, *v, 200, json::object());
}

HttpResponse PostIssue(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  json view = json::object();
  auto refuse = [&](const Status& s) {
    int status = AddError(env, request, *v, s, view);
    return IssueForm(env, request, *v, status, std::move(view));
  };
  MultipartLimits limits;
  limits.max_parts = 8;
  Result<std::vector<Part>> parts = ParseMultipart(request, limits);
  if (!parts.ok()) return refuse(parts.status());
  std::map<std::string, std::string> fields;
  std::string csr_file;
  for (Part& p : *parts) {
    if (p.name == "csr_file" && p.is_file()) {
      csr_file = std::move(p.data);
    } else if (!p.is_file() && p.data.size() <= ca::kMaxCsrBytes) {
      fields[p.name] = std::move(p.data);
    }
  }
  const bool generate = fields["method"] == "generate";
  view["method_generate"] = generate;
  view["csr"] = fields["csr"];
  if (!CsrfOk(*v, fields)) return refuse(Status::PermissionDenied("csrf_token_invalid"));
  const auth::Actor& actor = *v->actor;
  if (!generate) {
    std::string csr = csr_file.empty() ? fields["csr"] : csr_file;
    if (csr.empty()) return refuse(Status::Invalid("csr_missing"));
    auto cert = env.services.certificates->IssueFromCsr(actor, actor.account_id, csr);
    if (!cert.ok()) return refuse(cert.status());
    return HttpResponse::Redirect("/dashboard?notice=issued#certificates");
  }
  SecretString passphrase(fields["passphrase"]);
  if (fields["passphrase"] != fields["passphrase_confirm"]) {
    return refuse(Status::Invalid("passphrase_mismatch"));
  }
  auto generated = env.services.certificates->IssueWithGeneratedKey(actor, actor.account_id, passphrase);
  if (!generated.ok()) return refuse(generated.status());
  // Handed over once, as this response: AMS keeps no copy of the key.
  HttpResponse r = HttpResponse::Text(200, std::move(generated->pkcs12_der), "application/x-pkcs12");
  r.SetHeader("Content-Disposition",
              "attachment; filename=\"ams-" + generated->certificate.serial_hex + ".p12\"");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  return r;
}

// --- revocation ---

// The open data change asking for this certificate's revocation, if any.
std::optional<int64_t> RevocationRequestFor(const PageEnv& env, const auth::Actor& actor,
                                            const std::string& serial) {
  auto list = env.services.requests->List(actor, 0);
  if (!list.ok()) return std::nullopt;
  for (const workflow::RequestView& r : *list) {
    if (r.request.state != workflow::RequestState::kRevocationRequired) continue;
    for (const std::string& s : r.request.certificates) {
      if (EqualsIgnoreCase(s, serial)) return r.request.id;
    }
  }
  return std::nullopt;
}

HttpResponse CertForm(const PageEnv& env, const HttpRequest& request, const Visitor& v,
                      const std::string& serial, const char* name, const char* title, int status,
                      json view) {
  auto cert = env.services.certificates->Get(*v.actor, serial);
  if (!cert.ok()) return ErrorPage(env, request, v, cert.status());
  view["cert"] = CertificateRow(env, v.lang, *cert);
  view["action"] = request.path;
  std::optional<int64_t> req = RevocationRequestFor(env, *v.actor, cert->serial_hex);
  const std::string chosen = view.value("chosen_reason", req ? "affiliationChanged" : "");
  json reasons = json::array();
  for (ca::RevocationReason reason : kReasons) {
    reasons.push_back({{"value", ca::ToString(reason)},
                       {"label", env.catalogue.Text(v.lang, RevocationReasonKey(reason))},
                       {"selected", chosen == ca::ToString(reason)}});
  }
  view["reasons"] = reasons;
  view["for_request"] = req.has_value();
  view["request_text"] = req ? env.catalogue.Format(v.lang, "revoke_for_request",
                                                    {{"id", std::to_string(*req)}})
                             : "";
  if (!view.contains("csr")) view["csr"] = "";
  return Render(env, request, v, status, name, title, std::move(view));
}

HttpResponse GetCertForm(const PageEnv& env, const HttpRequest& request, bool renew) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  return CertForm(env, request, *v, request.params.at("serial"),
                  renew ? "certificate_renew" : "certificate_revoke",
                  renew ? "cert_renew_title" : "cert_revoke_title", 200, json::object());
}

HttpResponse PostRevoke(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const std::string serial = request.params.at("serial");
  std::map<std::string, std::string> form = request.FormFields();
  auto refuse = [&](const Status& s) {
    json view = {{"chosen_reason", form["reason"].substr(0, 64)}};
    int status = AddError(env, request, *v, s, view);
    return CertForm(env, request, *v, serial, "certificate_revoke", "cert_revoke_title", status,
                    std::move(view));
  };
  if (!CsrfOk(*v, form)) return refuse(Status::PermissionDenied("csrf_token_invalid"));
  Result<ca::RevocationReason> reason = ca::ParseRevocationReason(form["reason"]);
  if (!reason.ok()) return refuse(reason.status());
  // Looked up before the revocation: afterwards the request is completed.
  std::optional<int64_t> req = RevocationRequestFor(env, *v->actor, serial);
  Status s = env.services.certificates->Revoke(*v->actor, serial, *reason);
  if (!s.ok()) return refuse(s);
  if (req) return HttpResponse::Redirect("/requests/" + std::to_string(*req) + "?notice=revoked");
  return HttpResponse::Redirect("/dashboard?notice=revoked#certificates");
}

HttpResponse PostRenew(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  const std::string serial = request.params.at("serial");
  std::map<std::string, std::string> form = request.FormFields();
  auto refuse = [&](const Status& s) {
    json view = {{"csr", form["csr"].substr(0, ca::kMaxCsrBytes)}};
    int status = AddError(env, request, *v, s, view);
    return CertForm(env, request, *v, serial, "certificate_renew", "cert_renew_title", status,
                    std::move(view));
  };
  if (!CsrfOk(*v, form)) return refuse(Status::PermissionDenied("csrf_token_invalid"));
  if (form["csr"].empty()) return refuse(Status::Invalid("csr_missing"));
  auto cert = env.services.certificates->Renew(*v->actor, serial, form["csr"]);
  if (!cert.ok()) return refuse(cert.status());
  return HttpResponse::Redirect("/dashboard?notice=renewed#certificates");
}

HttpResponse GetChain(const PageEnv& env, const HttpRequest& request) {
  Result<Visitor> v = Identify(env, request);
  if (!v.ok()) return ErrorPage(env, request, Visitor{}, v.status());
  if (auto redirect = RequireFullSession(request, *v)) return *redirect;
  auto cert = env.services.certificates->Get(*v->actor, request.params.at("serial"));
  if (!cert.ok()) return ErrorPage(env, request, *v, cert.status());
  // Leaf first, then the issuing CA and the root (RFC 8446 §4.4.2 order).
  std::string pem = PemEncode(cert->der, "CERTIFICATE") + PemEncode(env.services.ca->issuing().der, "CERTIFICATE") +
                    PemEncode(env.services.ca->root().der, "CERTIFICATE");
  HttpResponse r = HttpResponse::Text(200, std::move(pem), "application/x-pem-file");
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + cert->serial_hex + "-chain.pem\"");
  return r;
}

}  // namespace

void AddCertificatePages(Router& router, const EnvPtr& env) {
  router.Add("GET", "/certificates/new", [env](const HttpRequest& r) { return GetIssue(*env, r); });
  router.Add("POST", "/certificates/new", [env](const HttpRequest& r) { return PostIssue(*env, r); });
  router.Add("GET", "/certificates/:serial([0-9A-Fa-f]+)/revoke",
             [env](const HttpRequest& r) { return GetCertForm(*env, r, false); });
  router.Add("POST", "/certificates/:serial([0-9A-Fa-f]+)/revoke",
             [env](const HttpRequest& r) { return PostRevoke(*env, r); });
  router.Add("GET", "/certificates/:serial([0-9A-Fa-f]+)/renew",
             [env](const HttpRequest& r) { return GetCertForm(*env, r, true); });
  router.Add("POST", "/certificates/:serial([0-9A-Fa-f]+)/renew",
             [env](const HttpRequest& r) { return PostRenew(*env, r); });
  router.Add("GET", "/certificates/:serial([0-9A-Fa-f]+)/chain.pem",
             [env](const HttpRequest& r) { return GetChain(*env, r); });
}

}  // namespace ams::web::pages
