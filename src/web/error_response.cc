#include "web/error_response.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace ams::web {

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kInvalidArgument:    return 400;
    case Code::kUnauthenticated:    return 401;
    case Code::kPermissionDenied:   return 403;
    case Code::kNotFound:           return 404;
    case Code::kConflict:           return 409;
    case Code::kFailedPrecondition: return 422;
    case Code::kTooManyRequests:    return 429;
    case Code::kUnavailable:        return 503;
    case Code::kOk:
    case Code::kInternal:           break;
  }
  return 500;  // Generic message + request id; the detail goes to the log.
}

std::string HumaniseReason(std::string_view reason) {
  std::string out(reason);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

HttpResponse ErrorResponse(const Status& status, const std::string& request_id, std::string message,
                           std::string hint) {
  const bool internal = status.code() == Code::kInternal || status.code() == Code::kOk;
  std::string code = status.reason();
  if (internal) {
    // boulder web/probs.go: an internal detail never reaches the user.
    spdlog::error("request {}: internal error: {}", request_id, status.ToString());
    code = "internal";
    message = "Internal server error. Quote the request id when reporting it.";
    hint.clear();
  } else if (message.empty()) {
    message = HumaniseReason(code);
  }
  nlohmann::json error = {{"code", std::move(code)}, {"message", std::move(message)}, {"request_id", request_id}};
  if (!hint.empty()) error["hint"] = std::move(hint);
  return HttpResponse::Json(HttpStatusFor(status.code()), {{"error", std::move(error)}});
}

HttpResponse ErrorResponse(const Status& status, const std::string& request_id, const MessageLookup& lookup) {
  std::string message;
  if (lookup && status.code() != Code::kInternal) message = lookup(status.reason());
  return ErrorResponse(status, request_id, std::move(message));
}

}  // namespace ams::web
