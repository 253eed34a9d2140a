#pragma once

#include <string>

#include "audit/audit_record.h"
#include "auth/account.h"
#include "auth/actor.h"
#include "identity/agency.h"

// The audit events of accounts and sessions: one constructor per event, so
// that action names and details are written in one place.
namespace ams::auth::events {

audit::AuditEvent Registered(int64_t id, const std::string& email, const std::string& remote,
                             TimePoint at);
audit::AuditEvent EmailVerified(const Account& a, const std::string& remote, TimePoint at);
audit::AuditEvent LoginSucceeded(const Account& a, const std::string& remote, TimePoint at);
// `account` is null for an unknown e-mail; `why` never contains the password.
audit::AuditEvent LoginFailed(const Account* a, const std::string& email, const std::string& why,
                              const std::string& remote, TimePoint at);
audit::AuditEvent LoggedOut(const Account& a, const std::string& remote, TimePoint at);
audit::AuditEvent PasswordChanged(const Account& a, const std::string& remote, TimePoint at);
audit::AuditEvent PasswordReset(const Actor& admin, const Account& a, TimePoint at);
audit::AuditEvent PasswordResetRequested(const Account& a, const std::string& remote, TimePoint at);
audit::AuditEvent PasswordResetByLink(const Account& a, const std::string& remote, TimePoint at);
audit::AuditEvent TokenCreated(const Actor& actor, int64_t token_id, const std::string& name,
                               TimePoint at);
audit::AuditEvent TokenRevoked(const Actor& actor, int64_t token_id, TimePoint at);
audit::AuditEvent SecondFactorEnrolled(const Actor& actor, TimePoint at);
// TOTP secrets stored before sealing existed, sealed at a server's start.
audit::AuditEvent TotpSecretsSealed(int count, TimePoint at);
audit::AuditEvent AccountCreated(const Actor& actor, const Account& a, TimePoint at);
audit::AuditEvent RoleChanged(const Actor& actor, const Account& a, Role from, TimePoint at);
audit::AuditEvent DisabledChanged(const Actor& actor, const Account& a, TimePoint at);
audit::AuditEvent AgencyAssigned(const Actor& actor, const Account& a, int64_t agency_id,
                                 TimePoint at);
audit::AuditEvent AgencyUnassigned(const Actor& actor, const Account& a, int64_t agency_id,
                                   TimePoint at);
audit::AuditEvent AgencyCreated(const Actor& actor, const identity::Agency& agency, TimePoint at);
audit::AuditEvent IdentityVersionAdded(const Actor& actor, int64_t account_id, int version,
                                       TimePoint at);

}  // namespace ams::auth::events
