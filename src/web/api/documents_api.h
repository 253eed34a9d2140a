#pragma once

#include "auth/account_service.h"
#include "documents/document_service.h"
#include "documents/forms/form_service.h"
#include "web/http/router.h"

namespace ams::web::api {

// Registers the document API (issue #4 item 4):
//   POST /api/v1/documents                  multipart upload (purpose, file...)
//   GET  /api/v1/documents[?owner_id=N]     the owner's documents (default: own)
//   GET  /api/v1/documents/:id              metadata
//   GET  /api/v1/documents/:id/content      the bytes, as sniffed at upload
//   GET  /api/v1/forms/:kind.pdf            the caller's pre-filled request form
// The services check access; these handlers only translate. The services
// and `accounts` must outlive the router.
void AddDocumentRoutes(Router& router, documents::DocumentService& documents,
                       documents::forms::FormService& forms, auth::AccountService& accounts);

}  // namespace ams::web::api
