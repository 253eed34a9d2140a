#pragma once

#include "audit/audit_service.h"
#include "auth/account_service.h"
#include "store/store.h"
#include "web/http/router.h"

namespace ams::web::api {

// Registers /api/v1/accounts*, /api/v1/agencies and /api/v1/audit*. The
// services check roles; these handlers only translate.
void AddAdminRoutes(Router& router, auth::AccountService& accounts, audit::AuditService& audit);

}  // namespace ams::web::api
