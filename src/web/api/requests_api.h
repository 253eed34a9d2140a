#pragma once

#include "auth/account_service.h"
#include "web/http/router.h"
#include "workflow/requests/request_service.h"

namespace ams::web::api {

// The procedures over HTTP: requests (submit, queue, claim, approve, reject,
// timeline), standard times and the timing report. See docs/api.md.
void AddRequestRoutes(Router& router, workflow::RequestService& requests,
                      auth::AccountService& accounts, const Clock& clock);

// JSON of a request with its timeline, as the API and the pages show it.
nlohmann::json RequestViewJson(const workflow::RequestView& view);

// "YYYY-MM-DD" as the start of that day in Asia/Jakarta (WIB, UTC+7), the
// office's calendar. kInvalidArgument "invalid_date".
Result<TimePoint> ParseWibDate(const std::string& text);

}  // namespace ams::web::api
