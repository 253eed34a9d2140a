#include "auth/audit_events.h"

#include <nlohmann/json.hpp>

namespace ams::auth::events {

namespace {

audit::AuditEvent Make(std::optional<int64_t> actor_id, std::string actor_label,
                       std::string action, std::string object_type, std::string object_id,
                       nlohmann::json details, std::string remote, TimePoint at) {
  audit::AuditEvent e;
  e.actor_id = actor_id;
  e.actor_label = std::move(actor_label);
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.details = details.is_null() ? "{}" : details.dump();
  e.remote_addr = std::move(remote);
  e.at = at;
  return e;
}

std::optional<int64_t> IdOf(const Actor& actor) {
  if (actor.is_system) return std::nullopt;
  return actor.account_id;
}

audit::AuditEvent ByActor(const Actor& actor, std::string action, std::string object_type,
                          std::string object_id, nlohmann::json details, TimePoint at) {
  return Make(IdOf(actor), actor.email, std::move(action), std::move(object_type),
              std::move(object_id), std::move(details), actor.remote_addr, at);
}

}  // namespace

audit::AuditEvent Registered(int64_t id, const std::string& email, const std::string& remote,
                             TimePoint at) {
  return Make(id, email, "account.registered", "account", std::to_string(id),
              {{"email", email}, {"role", "applicant"}}, remote, at);
}

audit::AuditEvent EmailVerified(const Account& a, const std::string& remote, TimePoint at) {
  return Make(a.id, a.email, "account.email_verified", "account", std::to_string(a.id), nullptr,
              remote, at);
}

audit::AuditEvent LoginSucceeded(const Account& a, const std::string& remote, TimePoint at) {
  return Make(a.id, a.email, "auth.login", "account", std::to_string(a.id), nullptr, remote, at);
}

audit::AuditEvent LoginFailed(const Account* a, const std::string& email, const std::string& why,
                              const std::string& remote, TimePoint at) {
  std::optional<int64_t> id;
  if (a) id = a->id;
  return Make(id, a ? a->email : "anonymous", "auth.login_failed", "account",
              a ? std::to_string(a->id) : "", {{"email", email}, {"why", why}}, remote, at);
}

audit::AuditEvent LoggedOut(const Account& a, const std::string& remote, TimePoint at) {
  return Make(a.id, a.email, "auth.logout", "account", std::to_string(a.id), nullptr, remote, at);
}

audit::AuditEvent PasswordChanged(const Account& a, const std::string& remote, TimePoint at) {
  return Make(a.id, a.email, "auth.password_changed", "account", std::to_string(a.id), nullptr,
              remote, at);
}

audit::AuditEvent PasswordReset(const Actor& admin, const Account& a, TimePoint at) {
  return ByActor(admin, "account.password_reset", "account", std::to_string(a.id),
                 {{"email", a.email}}, at);
}

audit::AuditEvent PasswordResetRequested(const Account& a, const std::string& remote,
                                         TimePoint at) {
  return Make(a.id, a.email, "auth.password_reset_requested", "account", std::to_string(a.id),
              nullptr, remote, at);
}

audit::AuditEvent PasswordResetByLink(const Account& a, const std::string& remote, TimePoint at) {
  return Make(a.id, a.email, "auth.password_reset_by_link", "account", std::to_string(a.id),
              nullptr, remote, at);
}

audit::AuditEvent TokenCreated(const Actor& actor, int64_t token_id, const std::string& name,
                               TimePoint at) {
  return ByActor(actor, "token.created", "api_token", std::to_string(token_id), {{"name", name}},
                 at);
}

audit::AuditEvent TokenRevoked(const Actor& actor, int64_t token_id, TimePoint at) {
  return ByActor(actor, "token.revoked", "api_token", std::to_string(token_id), nullptr, at);
}

audit::AuditEvent SecondFactorEnrolled(const Actor& actor, TimePoint at) {
  return ByActor(actor, "auth.totp_enrolled", "account", std::to_string(actor.account_id), nullptr,
                 at);
}

audit::AuditEvent TotpSecretsSealed(int count, TimePoint at) {
  return ByActor(Actor::System(), "auth.totp_secrets_sealed", "account", "*",
                 {{"count", count}}, at);
}

audit::AuditEvent AccountCreated(const Actor& actor, const Account& a, TimePoint at) {
  return ByActor(actor, "account.created", "account", std::to_string(a.id),
                 {{"email", a.email}, {"role", ToString(a.role)}}, at);
}

audit::AuditEvent RoleChanged(const Actor& actor, const Account& a, Role from, TimePoint at) {
  return ByActor(actor, "account.role_changed", "account", std::to_string(a.id),
                 {{"email", a.email}, {"from", ToString(from)}, {"to", ToString(a.role)}}, at);
}

audit::AuditEvent DisabledChanged(const Actor& actor, const Account& a, TimePoint at) {
  return ByActor(actor, a.disabled ? "account.disabled" : "account.enabled", "account",
                 std::to_string(a.id), {{"email", a.email}}, at);
}

audit::AuditEvent AgencyAssigned(const Actor& actor, const Account& a, int64_t agency_id,
                                 TimePoint at) {
  return ByActor(actor, "account.agency_assigned", "account", std::to_string(a.id),
                 {{"email", a.email}, {"agency_id", agency_id}}, at);
}

audit::AuditEvent AgencyUnassigned(const Actor& actor, const Account& a, int64_t agency_id,
                                   TimePoint at) {
  return ByActor(actor, "account.agency_unassigned", "account", std::to_string(a.id),
                 {{"email", a.email}, {"agency_id", agency_id}}, at);
}

audit::AuditEvent AgencyCreated(const Actor& actor, const identity::Agency& agency, TimePoint at) {
  return ByActor(actor, "agency.created", "agency", std::to_string(agency.id),
                 {{"code", agency.code}, {"name", agency.name}}, at);
}

audit::AuditEvent IdentityVersionAdded(const Actor& actor, int64_t account_id, int version,
                                       TimePoint at) {
  return ByActor(actor, "identity.version_added", "account", std::to_string(account_id),
                 {{"version", version}}, at);
}

}  // namespace ams::auth::events
