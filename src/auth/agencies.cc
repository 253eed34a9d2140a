// Agencies (instansi / perangkat daerah) and which operators work them: read
// by every signed-in account, changed by admins, each change audited in the
// same transaction.
#include <algorithm>

#include "auth/account_service.h"
#include "auth/audit_events.h"
#include "identity/bounded_text.h"

namespace ams::auth {

namespace {

Status RequireAdmin(const Actor& actor) {
  if (actor.is_system || actor.role == Role::kAdmin) return Status();
  return Status::PermissionDenied("forbidden", "admin only");
}

// Codes appear in URLs, CSV and certificate-free labels: keep them plain.
Result<std::string> ParseAgencyCode(const std::string& text) {
  std::string code;
  for (char c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return Status::Invalid("invalid_agency_code", "A-Z, 0-9, '-' and '_' only");
    code += c;
  }
  if (code.size() < 2 || code.size() > 32) {
    return Status::Invalid("invalid_agency_code", "2 to 32 characters");
  }
  return code;
}

}  // namespace

Result<std::vector<identity::Agency>> AccountService::ListAgencies(const Actor& actor) {
  (void)actor;  // A signed-in actor is proof enough: the list is not secret.
  std::vector<identity::Agency> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(out, tx.agencies().List());
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<int64_t> AccountService::CreateAgency(const Actor& actor, const std::string& code,
                                             const std::string& name) {
  AMS_RETURN_IF_ERROR(RequireAdmin(actor));
  identity::Agency agency;
  AMS_ASSIGN_OR_RETURN(agency.code, ParseAgencyCode(code));
  AMS_ASSIGN_OR_RETURN(agency.name, identity::ParseBoundedText("name", name, 200));
  const TimePoint now = clock_.Now();
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(agency.id, tx.agencies().Create(agency));
    return tx.audit().Append(events::AgencyCreated(actor, agency, now)).status();
  });
  if (!s.ok()) return s;
  return agency.id;
}

Status AccountService::UnassignAgency(const Actor& actor, const std::string& email,
                                      int64_t agency_id) {
  AMS_RETURN_IF_ERROR(RequireAdmin(actor));
  const TimePoint now = clock_.Now();
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account a, tx.accounts().FindByEmail(email));
    AMS_ASSIGN_OR_RETURN(std::vector<int64_t> assigned, tx.accounts().AssignedAgencies(a.id));
    if (std::find(assigned.begin(), assigned.end(), agency_id) == assigned.end()) {
      return Status::NotFound("agency_not_assigned");
    }
    AMS_RETURN_IF_ERROR(tx.accounts().UnassignAgency(a.id, agency_id));
    // No session to end: the actor's agencies are read afresh on every request.
    return tx.audit().Append(events::AgencyUnassigned(actor, a, agency_id, now)).status();
  });
}

Result<std::vector<int64_t>> AccountService::AssignedAgencies(const Actor& actor,
                                                              int64_t account_id) {
  const bool staff = actor.is_system || actor.role == Role::kAdmin || actor.role == Role::kAuditor;
  if (!staff && actor.account_id != account_id) return Status::PermissionDenied("forbidden");
  std::vector<int64_t> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(out, tx.accounts().AssignedAgencies(account_id));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ams::auth
