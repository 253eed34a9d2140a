#pragma once

#include "auth/account_service.h"
#include "web/http/router.h"

namespace ams::web::api {

// Registers /api/v1/auth/*, /api/v1/me and /api/v1/tokens. `accounts` must
// outlive the router. `secure_cookies`: mark the session cookie Secure
// (behind TLS).
void AddAuthRoutes(Router& router, auth::AccountService& accounts, bool secure_cookies);

}  // namespace ams::web::api
