#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
// kUnauthenticated when neither is present or valid; a session must have
// come as far as `accepts` (an API token is always complete).
Result<auth::Actor> Authenticate(auth::AccountService& accounts, const HttpRequest& request,
                                 auth::SessionAccepts accepts = auth::SessionAccepts::kComplete);

// The session cookie's value, or "".
std::string SessionToken(const HttpRequest& request);

HttpResponse Error(const HttpRequest& request, const Status& status);

// What an integer from the URL or a form field may be (ParseInt, IntQuery).
struct IntRule {
  int64_t min = 0;                   // Default: no negative numbers
  int64_t max = 999999999999999999;  // Default: the largest with 18 digits
  std::string reason{};              // the error's reason; Default: "invalid_<name>"
  bool empty_is_absent = false;      // IntQuery: "?name=" as if not given (filter forms)
};

// `text` as an integer. Only ASCII digits count (no sign, no space, no
// "0x"), at most 18 of them, so nothing overflows. Anything else, an empty
// text, or a value outside [min, max] is kInvalidArgument with the rule's
// reason and a detail naming `name` and the bounds.
Result<int64_t> ParseInt(std::string_view text, std::string_view name, const IntRule& rule = {});

// Integer path parameter; kInvalidArgument invalid_id.
Result<int64_t> IntParam(const HttpRequest& request, const char* name);

// The integer query parameter `name` (ParseInt), or std::nullopt when it is
// absent (or empty, with `empty_is_absent`).
Result<std::optional<int64_t>> OptionalIntQuery(const HttpRequest& request, std::string_view name,
                                                const IntRule& rule = {});

// The same, with `fallback` for an absent parameter.
Result<int64_t> IntQuery(const HttpRequest& request, std::string_view name, int64_t fallback,
                         const IntRule& rule = {});

nlohmann::json AccountJson(const auth::Account& account);
nlohmann::json IdentityJson(const identity::IdentityVersion& version);

}  // namespace ams::web::api
