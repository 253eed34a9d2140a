#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "web/http/http_types.h"

namespace ams::web {

// The one table from Code to HTTP status (STYLE.md §3). kOk and kInternal
// map to 500: an OK status is never an error response.
int HttpStatusFor(Code code);

// "request_not_submitted" -> "Request not submitted". The fallback message
// until the translation catalogue (web/i18n) supplies one per reason.
std::string HumaniseReason(std::string_view reason);

// Looks up the user-facing message for a reason; returns "" when it has none.
using MessageLookup = std::function<std::string(const std::string& reason)>;

// The JSON error body every API answers with:
//   {"error": {"code": reason, "message": message, "hint": what to do next,
//              "request_id": id}}
// `message` defaults to HumaniseReason(reason); "hint" is left out when empty. For kInternal (and a stray
// kOk) the code is "internal", the message generic and the caller's message
// ignored; the detail is logged with the request id and never sent.
HttpResponse ErrorResponse(const Status& status, const std::string& request_id,
                           std::string message = {}, std::string hint = {});
HttpResponse ErrorResponse(const Status& status, const std::string& request_id,
                           const MessageLookup& lookup);
inline HttpResponse ErrorResponse(const HttpRequest& request, const Status& status) {
  return ErrorResponse(status, request.request_id);
}

}  // namespace ams::web
