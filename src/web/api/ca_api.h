#pragma once

#include "auth/account_service.h"
#include "ca/hierarchy.h"
#include "web/http/router.h"
#include "workflow/certificates/certificate_service.h"

namespace ams::web::api {

// Registers the CA's publication points and the certificate API:
//   GET  /ca/:name.crt          CA certificates, DER (application/pkix-cert)
//   GET  /crl/:name.crl         the stored CRL, DER (application/pkix-crl)
//   POST /ocsp, GET /ocsp/*     OCSP (RFC 6960 A.1), DER
//   /api/v1/certificates...     JSON: issue, list, get/download, revoke, renew
// The service checks roles; these handlers only translate. `hierarchy`,
// `certificates` and `accounts` must outlive the router.
void AddCaRoutes(Router& router, const ca::CaHierarchy& hierarchy,
                 workflow::CertificateService& certificates, auth::AccountService& accounts);

}  // namespace ams::web::api
