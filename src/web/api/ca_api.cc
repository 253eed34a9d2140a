// The CA over HTTP: publication points for relying parties (CA certificates,
// CRL, OCSP; no login, DER bodies) and the JSON certificate API.
#include "web/api/ca_api.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "base/encoding.h"
#include "ca/csr.h"
#include "ca/ocsp.h"
#include "ca/revocation_reason.h"
#include "web/api/api_support.h"

namespace ams::web::api {

namespace {

using nlohmann::json;
using workflow::CertificateService;

constexpr char kOcspResponseType[] = "application/ocsp-response";

json CertificateJson(const CertificateService& certs, const store::CertificateRecord& c) {
  const bool revoked = c.state == store::CertificateRecord::State::kRevoked;
  json j = {{"serial", c.serial_hex},
            {"account_id", c.account_id},
            {"identity_version_id", c.identity_version_id},
            {"ca", c.ca_name},
            {"status", revoked ? "revoked" : "valid"},
            {"not_before", FormatUtc(c.not_before)},
            {"not_after", FormatUtc(c.not_after)},
            {"renewable_from", revoked ? json(nullptr) : json(FormatUtc(certs.RenewableFrom(c)))},
            {"created_at", FormatUtc(c.created_at)},
            {"revoked_at", nullptr},
            {"reason", nullptr},
            {"replaced_by", c.replaced_by.empty() ? json(nullptr) : json(c.replaced_by)}};
  if (revoked) {
    if (c.revoked_at) j["revoked_at"] = FormatUtc(*c.revoked_at);
    j["reason"] = ca::ToString(c.reason);
  }
  return j;
}

// What issuing, renewing and fetching a certificate answer: its JSON and PEM.
json CertificateWithPem(const CertificateService& certs, const store::CertificateRecord& c) {
  json j = CertificateJson(certs, c);
  j["pem"] = PemEncode(c.der, "CERTIFICATE");
  return j;
}

HttpResponse Der(std::string body, const char* type) {
  HttpResponse r = HttpResponse::Text(200, std::move(body), type);
  return r;
}

// The DER of GET /ocsp/<base64 DER> (RFC 6960 A.1); nullopt when it does not
// decode. The router has percent-decoded the path, so "%2B", "%2F" and "%3D"
// arrive as '+', '/' and '='; a '+' that a form-style encoder turned into ' '
// is put back, and missing padding added.
std::optional<std::string> OcspGetRequest(const HttpRequest& req) {
  auto it = req.params.find("*");
  std::string b64 = it == req.params.end() ? "" : it->second;
  for (char& c : b64) {
    if (c == ' ') c = '+';
  }
  while (b64.size() % 4 != 0 && b64.size() < 4 * ca::kMaxOcspRequestBytes) b64 += '=';
  if (b64.size() > 2 * ca::kMaxOcspRequestBytes) return std::nullopt;
  return Base64Decode(b64);
}

// The body of POST /ocsp; nullopt without the OCSP request content type.
std::optional<std::string_view> OcspPostRequest(const HttpRequest& req) {
  std::string type = req.Header("content-type").value_or("");
  type = type.substr(0, type.find(';'));
  if (!EqualsIgnoreCase(type, "application/ocsp-request")) return std::nullopt;
  return std::string_view(req.body);
}

HttpResponse OcspMalformed() {
  return Der(ca::OcspErrorResponse(ca::OcspError::kMalformedRequest), kOcspResponseType);
}

HttpResponse OcspGet(CertificateService& certs, const HttpRequest& req) {
  std::optional<std::string> der = OcspGetRequest(req);
  if (!der) return OcspMalformed();
  return Der(certs.OcspRespond(*der), kOcspResponseType);
}

HttpResponse OcspPost(CertificateService& certs, const HttpRequest& req) {
  std::optional<std::string_view> der = OcspPostRequest(req);
  if (!der) return OcspMalformed();
  return Der(certs.OcspRespond(*der), kOcspResponseType);
}

// The inline attempts: a cached answer (or a malformed-request answer) from
// memory on the I/O thread; anything else goes to the worker pool.
std::optional<HttpResponse> OcspGetAtHand(CertificateService& certs, const HttpRequest& req) {
  std::optional<std::string> der = OcspGetRequest(req);
  if (!der) return OcspMalformed();
  std::optional<std::string> answer = certs.OcspRespondFromCache(*der);
  if (!answer) return std::nullopt;
  return Der(*std::move(answer), kOcspResponseType);
}

std::optional<HttpResponse> OcspPostAtHand(CertificateService& certs, const HttpRequest& req) {
  std::optional<std::string_view> der = OcspPostRequest(req);
  if (!der) return OcspMalformed();
  std::optional<std::string> answer = certs.OcspRespondFromCache(*der);
  if (!answer) return std::nullopt;
  return Der(*std::move(answer), kOcspResponseType);
}

HttpResponse GetCrl(CertificateService& certs, const HttpRequest& req) {
  if (req.params.at("name") != std::string(ca::CaHierarchy::kIssuingName) + ".crl") {
    return Error(req, Status::NotFound("crl_not_found"));
  }
  Result<std::shared_ptr<const std::string>> der = certs.CurrentCrl();
  if (!der.ok()) return Error(req, der.status());
  return Der(**der, "application/pkix-crl");
}

// An account id from the body, else the caller's own.
int64_t TargetAccount(const json& body, const auth::Actor& actor) {
  if (body.contains("account_id") && body["account_id"].is_number_integer()) {
    return body["account_id"].get<int64_t>();
  }
  return actor.account_id;
}

HttpResponse Issue(CertificateService& certs, auth::AccountService& accounts,
                   const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto body = ParseJsonBody(req, {{"csr", JsonType::kString, false, ca::kMaxCsrBytes},
                                  {"generate_key", JsonType::kBool, false},
                                  {"passphrase", JsonType::kString, false, 1024},
                                  {"account_id", JsonType::kInt, false}});
  if (!body.ok()) return Error(req, body.status());
  const bool generate = body->value("generate_key", false);
  const bool has_csr = body->contains("csr") && !(*body)["csr"].is_null();
  if (generate == has_csr) {
    return Error(req, Status::Invalid("csr_or_generate_key", "give either csr or generate_key"));
  }
  const int64_t account = TargetAccount(*body, *actor);
  if (has_csr) {
    auto cert = certs.IssueFromCsr(*actor, account, (*body)["csr"].get<std::string>());
    if (!cert.ok()) return Error(req, cert.status());
    return HttpResponse::Json(201, CertificateWithPem(certs, *cert));
  }
  if (!body->contains("passphrase") || (*body)["passphrase"].is_null()) {
    return Error(req, Status::Invalid("missing_field", "passphrase"));
  }
  SecretString passphrase((*body)["passphrase"].get<std::string>());
  auto generated = certs.IssueWithGeneratedKey(*actor, account, passphrase);
  if (!generated.ok()) return Error(req, generated.status());
  json out = CertificateWithPem(certs, generated->certificate);
  // Handed over once; AMS keeps no copy of the key (ca/pkcs12.h).
  out["pkcs12"] = Base64Encode(generated->pkcs12_der);
  return HttpResponse::Json(201, out);
}

HttpResponse List(CertificateService& certs, auth::AccountService& accounts,
                  const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  Result<int64_t> account = IntQuery(req, "account_id", actor->account_id, {.reason = "invalid_id"});
  if (!account.ok()) return Error(req, account.status());
  auto list = certs.List(*actor, *account);
  if (!list.ok()) return Error(req, list.status());
  json out = json::array();
  for (const auto& c : *list) out.push_back(CertificateJson(certs, c));
  return HttpResponse::Json(200, {{"certificates", out}});
}

HttpResponse Get(CertificateService& certs, auth::AccountService& accounts,
                 const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto cert = certs.Get(*actor, req.params.at("serial"));
  if (!cert.ok()) return Error(req, cert.status());
  std::string format = req.Query("format").value_or("json");
  if (format == "der") {
    HttpResponse r = Der(cert->der, "application/pkix-cert");
    r.SetHeader("Content-Disposition", "attachment; filename=\"" + cert->serial_hex + ".cer\"");
    return r;
  }
  if (format == "pem") {
    HttpResponse r = HttpResponse::Text(200, PemEncode(cert->der, "CERTIFICATE"), "application/x-pem-file");
    r.SetHeader("Content-Disposition", "attachment; filename=\"" + cert->serial_hex + ".pem\"");
    return r;
  }
  if (format != "json") return Error(req, Status::Invalid("format_unknown", "json, pem or der"));
  return HttpResponse::Json(200, CertificateWithPem(certs, *cert));
}

HttpResponse Revoke(CertificateService& certs, auth::AccountService& accounts,
                    const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto body = ParseJsonBody(req, {{"reason", JsonType::kString, true, 64}});
  if (!body.ok()) return Error(req, body.status());
  Result<ca::RevocationReason> reason =
      ca::ParseRevocationReason((*body)["reason"].get<std::string>());
  if (!reason.ok()) return Error(req, reason.status());
  const std::string& serial = req.params.at("serial");
  Status s = certs.Revoke(*actor, serial, *reason);
  if (!s.ok()) return Error(req, s);
  return HttpResponse::Json(200, {{"serial", serial}, {"status", "revoked"},
                                  {"reason", ca::ToString(*reason)}});
}

HttpResponse Renew(CertificateService& certs, auth::AccountService& accounts,
                   const HttpRequest& req) {
  Result<auth::Actor> actor = Authenticate(accounts, req);
  if (!actor.ok()) return Error(req, actor.status());
  auto body = ParseJsonBody(req, {{"csr", JsonType::kString, true, ca::kMaxCsrBytes}});
  if (!body.ok()) return Error(req, body.status());
  auto cert = certs.Renew(*actor, req.params.at("serial"), (*body)["csr"].get<std::string>());
  if (!cert.ok()) return Error(req, cert.status());
  json out = CertificateWithPem(certs, *cert);
  out["renewed"] = req.params.at("serial");
  return HttpResponse::Json(201, out);
}

}  // namespace

void AddCaRoutes(Router& router, const ca::CaHierarchy& hierarchy,
                 workflow::CertificateService& certificates, auth::AccountService& accounts) {
  // CA certificates come from memory: cheap enough for the I/O thread.
  const ca::CaHierarchy* h = &hierarchy;
  router.Add(
      "GET", "/ca/:name",
      [h](const HttpRequest& req) {
        const std::string& name = req.params.at("name");
        for (const ca::CaCredential* c : {&h->root(), &h->issuing()}) {
          if (name == c->name + ".crt") {
            HttpResponse r = Der(c->der, "application/pkix-cert");
            r.SetHeader("Cache-Control", "public, max-age=86400");
            return r;
          }
        }
        return Error(req, Status::NotFound("ca_not_found"));
      },
      Dispatch::kInline);
  // The CRL reads the store (is a regeneration due?), so it runs on the
  // worker pool. OCSP answers from the cache on the I/O thread when the
  // revocation fence allows (no store read then), else on the worker pool.
  CertificateService* c = &certificates;
  auth::AccountService* a = &accounts;
  router.Add("GET", "/crl/:name", [c](const HttpRequest& r) { return GetCrl(*c, r); });
  router.AddWithInlineAttempt(
      "POST", "/ocsp", [c](const HttpRequest& r) { return OcspPostAtHand(*c, r); },
      [c](const HttpRequest& r) { return OcspPost(*c, r); });
  router.AddWithInlineAttempt(
      "GET", "/ocsp/*", [c](const HttpRequest& r) { return OcspGetAtHand(*c, r); },
      [c](const HttpRequest& r) { return OcspGet(*c, r); });

  router.Add("POST", "/api/v1/certificates",
             [c, a](const HttpRequest& r) { return Issue(*c, *a, r); });
  router.Add("GET", "/api/v1/certificates", [c, a](const HttpRequest& r) { return List(*c, *a, r); });
  router.Add("GET", "/api/v1/certificates/:serial([0-9A-Fa-f]+)",
             [c, a](const HttpRequest& r) { return Get(*c, *a, r); });
  router.Add("POST", "/api/v1/certificates/:serial([0-9A-Fa-f]+)/revoke",
             [c, a](const HttpRequest& r) { return Revoke(*c, *a, r); });
  router.Add("POST", "/api/v1/certificates/:serial([0-9A-Fa-f]+)/renew",
             [c, a](const HttpRequest& r) { return Renew(*c, *a, r); });
}

}  // namespace ams::web::api
