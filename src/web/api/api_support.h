#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "auth/account_service.h"
#include "base/result.h"
#include "web/http/http_types.h"

// What every API handler does the same way: read a JSON body against a
// declared shape, find out who is calling, and render errors.
namespace ams::web::api {

inline constexpr char kSessionCookie[] = "ams_session";
inline constexpr char kCsrfHeader[] = "x-csrf-token";

enum class JsonType { kString, kInt, kBool, kObject, kArray };

// One expected field of a JSON body.
struct Field {
  const char* name;
  JsonType type;
  bool required = true;
  size_t max_length = 256;  // strings: bytes
};

// Parses the body as a JSON object with exactly these fields: 415 without
// Content-Type application/json; 400 malformed_json, unknown_field,
// missing_field, invalid_type, too_long. The detail names the field.
Result<nlohmann::json> ParseJsonBody(const HttpRequest& request, const std::vector<Field>& fields);

// The caller: a bearer API token, or a session cookie. For a session, a
// state-changing method (anything but GET/HEAD) must carry the session's
// CSRF token in X-CSRF-Token: kPermissionDenied csrf_token_invalid otherwise.
// kUnauthenticated when neither is present or valid.
Result<auth::Actor> Authenticate(auth::AccountService& accounts, const HttpRequest& request,
                                 bool allow_partial = false);

// The session cookie's value, or "".
std::string SessionToken(const HttpRequest& request);

HttpResponse Error(const HttpRequest& request, const Status& status);

// Integer path parameter; kInvalidArgument invalid_id.
Result<int64_t> IntParam(const HttpRequest& request, const char* name);

nlohmann::json AccountJson(const auth::Account& account);
nlohmann::json IdentityJson(const identity::IdentityVersion& version);

}  // namespace ams::web::api
