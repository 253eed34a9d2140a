#include "web/api/api_support.h"

#include <cstdlib>

#include "auth/tokens.h"
#include "web/error_response.h"
#include "web/i18n/embedded_catalogue.h"

namespace ams::web::api {

namespace {

bool HasType(const nlohmann::json& v, JsonType t) {
  switch (t) {
    case JsonType::kString: return v.is_string();
    case JsonType::kInt: return v.is_number_integer();
    case JsonType::kBool: return v.is_boolean();
    case JsonType::kObject: return v.is_object();
    case JsonType::kArray: return v.is_array();
  }
  return false;
}

bool IsJsonContentType(const HttpRequest& request) {
  std::optional<std::string> type = request.Header("content-type");
  if (!type) return false;
  std::string t = type->substr(0, type->find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return EqualsIgnoreCase(t, "application/json");
}

}  // namespace

Result<nlohmann::json> ParseJsonBody(const HttpRequest& request, const std::vector<Field>& fields) {
  if (!IsJsonContentType(request)) {
    // Also what keeps a cross-site HTML form from posting here: browsers send
    // application/json cross-origin only after a CORS preflight we never allow.
    return Status(Code::kInvalidArgument, "unsupported_media_type",
                  "Content-Type must be application/json");
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return Status::Invalid("malformed_json", "the body is not JSON");
  if (!body.is_object()) return Status::Invalid("malformed_json", "the body must be an object");
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (const Field& f : fields) known |= key == f.name;
    if (!known) return Status::Invalid("unknown_field", key.substr(0, 64));
  }
  for (const Field& f : fields) {
    auto it = body.find(f.name);
    if (it == body.end() || it->is_null()) {
      if (f.required) return Status::Invalid("missing_field", f.name);
      continue;
    }
    if (!HasType(*it, f.type)) return Status::Invalid("invalid_type", f.name);
    if (f.type == JsonType::kString && it->get_ref<const std::string&>().size() > f.max_length) {
      return Status::Invalid("too_long", f.name);
    }
  }
  return body;
}

std::string SessionToken(const HttpRequest& request) {
  return request.Cookie(kSessionCookie).value_or("");
}

Result<auth::Actor> Authenticate(auth::AccountService& accounts, const HttpRequest& request,
                                 auth::SessionAccepts accepts) {
  if (std::optional<std::string> authz = request.Header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authz->size() <= kBearer.size() || !EqualsIgnoreCase(authz->substr(0, 7), kBearer)) {
      return Status::Unauthenticated("token_invalid");
    }
    AMS_ASSIGN_OR_RETURN(auth::Actor actor, accounts.AuthenticateToken(authz->substr(7)));
    actor.remote_addr = request.remote_addr;
    return actor;
  }
  std::string token = SessionToken(request);
  if (token.empty()) return Status::Unauthenticated("not_logged_in");
  AMS_ASSIGN_OR_RETURN(auto actor_and_session, accounts.AuthenticateSession(token, accepts));
  if (request.method != "GET" && request.method != "HEAD") {
    std::string sent = request.Header(kCsrfHeader).value_or("");
    if (sent.empty() || !auth::ConstantTimeEquals(sent, actor_and_session.second.csrf_token)) {
      return Status::PermissionDenied("csrf_token_invalid");
    }
  }
  actor_and_session.first.remote_addr = request.remote_addr;
  return actor_and_session.first;
}

HttpResponse Error(const HttpRequest& request, const Status& status) {
  // Why, and what to do next, from the pages' catalogue in the caller's
  // language; reasons it lacks keep the humanised code.
  std::string message;
  std::string hint;
  const i18n::Catalogue& catalogue = i18n::EmbeddedCatalogue();
  if (status.code() != Code::kInternal && catalogue.HasReason(status.reason())) {
    i18n::ReasonText text =
        catalogue.Reason(i18n::RequestLang(request), status.reason(), {{"request_id", request.request_id}});
    // A text whose placeholders the API cannot fill ("wait {seconds}
    // seconds") is left out rather than shown with a hole.
    if (text.message.find('{') == std::string::npos) message = std::move(text.message);
    if (!message.empty() && text.hint.find('{') == std::string::npos) hint = std::move(text.hint);
  }
  HttpResponse r = ErrorResponse(status, request.request_id, std::move(message), std::move(hint));
  if (status.reason() == "unsupported_media_type") r.status = 415;
  return r;
}

Result<int64_t> ParseInt(std::string_view text, std::string_view name, const IntRule& rule) {
  // 18 digits always fit in int64_t: longer text is refused before strtoll
  // could overflow.
  const bool digits = !text.empty() && text.size() <= 18 &&
                      text.find_first_not_of("0123456789") == std::string_view::npos;
  const int64_t n = digits ? std::strtoll(std::string(text).c_str(), nullptr, 10) : 0;
  if (!digits || n < rule.min || n > rule.max) {
    return Status::Invalid(rule.reason.empty() ? "invalid_" + std::string(name) : rule.reason,
                           std::string(name) + ": " + std::to_string(rule.min) + ".." +
                               std::to_string(rule.max));
  }
  return n;
}

Result<int64_t> IntParam(const HttpRequest& request, const char* name) {
  auto it = request.params.find(name);
  return ParseInt(it == request.params.end() ? "" : it->second, name, {.reason = "invalid_id"});
}

Result<std::optional<int64_t>> OptionalIntQuery(const HttpRequest& request, std::string_view name,
                                                const IntRule& rule) {
  std::optional<std::string> v = request.Query(name);
  if (!v || (v->empty() && rule.empty_is_absent)) return std::optional<int64_t>();
  AMS_ASSIGN_OR_RETURN(int64_t n, ParseInt(*v, name, rule));
  return std::optional<int64_t>(n);
}

Result<int64_t> IntQuery(const HttpRequest& request, std::string_view name, int64_t fallback,
                         const IntRule& rule) {
  AMS_ASSIGN_OR_RETURN(std::optional<int64_t> v, OptionalIntQuery(request, name, rule));
  return v.value_or(fallback);
}

nlohmann::json AccountJson(const auth::Account& a) {
  return {{"id", a.id},
          {"email", a.email},
          {"full_name", a.display_name},
          {"role", auth::ToString(a.role)},
          {"email_verified", a.email_verified},
          {"disabled", a.disabled},
          {"second_factor_enrolled", a.totp_enabled},
          {"password_change_required", a.must_change_password},
          {"created_at", FormatUtc(a.created_at)}};
}

nlohmann::json IdentityJson(const identity::IdentityVersion& v) {
  return {{"version", v.version},
          {"full_name", v.data.full_name},
          {"nik", v.data.nik},
          {"nip", v.data.nip},
          {"email", v.data.email},
          {"phone", v.data.phone},
          {"agency_id", v.data.agency_id},
          {"unit", v.data.unit},
          {"position", v.data.position},
          {"verified", v.verified},
          {"created_at", FormatUtc(v.created_at)}};
}

}  // namespace ams::web::api
