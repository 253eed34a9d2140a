#pragma once

#include "auth/account_service.h"
#include "notify/notification_service.h"
#include "web/http/router.h"

namespace ams::web::api {

// Registers GET /api/v1/notifications, POST /api/v1/notifications/:id/read
// and POST /api/v1/notifications/read-all: the caller's own in-app
// notifications (docs/api.md). The service scopes everything to the caller.
void AddNotificationRoutes(Router& router, auth::AccountService& accounts,
                           notify::NotificationService& notifications);

}  // namespace ams::web::api
