// Account administration: by an admin over the API, or by the system (CLI).
#include "auth/account_service.h"
#include "auth/audit_events.h"
#include "auth/password_policy.h"
#include "identity/email.h"
#include "identity/person_name.h"

namespace ams::auth {

namespace {

Status RequireAdmin(const Actor& actor) {
  if (actor.is_system || actor.role == Role::kAdmin) return Status();
  return Status::PermissionDenied("forbidden", "admin only");
}

}  // namespace

Result<int64_t> AccountService::CreateAccount(const Actor& actor, const NewAccount& in) {
  AMS_RETURN_IF_ERROR(RequireAdmin(actor));
  Result<identity::Email> email = identity::Email::Parse(in.email);
  if (!email.ok()) return email.status();
  Result<identity::PersonName> name = identity::PersonName::Parse(in.display_name);
  if (!name.ok()) return name.status();
  std::optional<identity::IdentityData> identity;
  if (in.identity) {
    AMS_ASSIGN_OR_RETURN(identity, identity::Normalise(*in.identity));
  }
  AMS_RETURN_IF_ERROR(CheckPasswordPolicy(in.password, email->Canonical(), name->value()));
  AMS_ASSIGN_OR_RETURN(std::string hash, HashPassword(in.password, options_.hash_limits));
  const TimePoint now = clock_.Now();
  int64_t id = 0;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    Account a;
    a.email = email->Canonical();
    a.display_name = name->value();
    a.password_hash = hash;
    a.role = in.role;
    a.email_verified = true;  // an admin vouches for the address
    // A password an admin chose over the web is the owner's to change at
    // the first sign-in; one set at the server's console (the CLI: the
    // first admin, the demo) is not.
    a.must_change_password = !actor.is_system;
    a.created_at = now;
    AMS_ASSIGN_OR_RETURN(id, tx.accounts().Create(a));
    a.id = id;
    AMS_RETURN_IF_ERROR(tx.audit().Append(events::AccountCreated(actor, a, now)).status());
    for (int64_t agency : in.agencies) {
      AMS_RETURN_IF_ERROR(tx.agencies().Find(agency).status());
      AMS_RETURN_IF_ERROR(tx.accounts().AssignAgency(id, agency));
      AMS_RETURN_IF_ERROR(tx.audit().Append(events::AgencyAssigned(actor, a, agency, now)).status());
    }
    if (identity) {
      AMS_RETURN_IF_ERROR(tx.agencies().Find(identity->agency_id).status());
      AMS_RETURN_IF_ERROR(tx.identities().CheckUnique(id, *identity));
      AMS_ASSIGN_OR_RETURN(auto version,
                           tx.identities().AddVersion(id, *identity, actor.account_id, now));
      AMS_RETURN_IF_ERROR(
          tx.audit().Append(events::IdentityVersionAdded(actor, id, version.version, now)).status());
    }
    return Status();
  });
  if (!s.ok()) return s;
  return id;
}

Result<std::vector<Account>> AccountService::ListAccounts(const Actor& actor) {
  if (!actor.is_system && actor.role != Role::kAdmin && actor.role != Role::kAuditor) {
    return Status::PermissionDenied("forbidden");
  }
  std::vector<Account> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(out, tx.accounts().List());
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Status AccountService::SetRole(const Actor& actor, const std::string& email, Role role) {
  AMS_RETURN_IF_ERROR(RequireAdmin(actor));
  const TimePoint now = clock_.Now();
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account found, tx.accounts().FindByEmail(email));
    AMS_ASSIGN_OR_RETURN(Account a, tx.accounts().FindByIdForUpdate(found.id));
    if (a.id == actor.account_id) {
      return Status::FailedPrecondition("cannot_change_own_role");
    }
    Role from = a.role;
    if (from == role) return Status();
    a.role = role;
    AMS_RETURN_IF_ERROR(tx.accounts().Update(a));
    // A new role starts with new sessions: the old ones carried the old rights.
    AMS_RETURN_IF_ERROR(tx.accounts().DeleteSessionsOf(a.id));
    return tx.audit().Append(events::RoleChanged(actor, a, from, now)).status();
  });
}

Status AccountService::SetDisabled(const Actor& actor, const std::string& email, bool disabled) {
  AMS_RETURN_IF_ERROR(RequireAdmin(actor));
  const TimePoint now = clock_.Now();
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account found, tx.accounts().FindByEmail(email));
    AMS_ASSIGN_OR_RETURN(Account a, tx.accounts().FindByIdForUpdate(found.id));
    if (a.id == actor.account_id) return Status::FailedPrecondition("cannot_disable_self");
    if (a.disabled == disabled) return Status();
    a.disabled = disabled;
    AMS_RETURN_IF_ERROR(tx.accounts().Update(a));
    if (disabled) AMS_RETURN_IF_ERROR(tx.accounts().DeleteSessionsOf(a.id));
    return tx.audit().Append(events::DisabledChanged(actor, a, now)).status();
  });
}

Status AccountService::AssignAgency(const Actor& actor, const std::string& email,
                                    int64_t agency_id) {
  AMS_RETURN_IF_ERROR(RequireAdmin(actor));
  const TimePoint now = clock_.Now();
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account a, tx.accounts().FindByEmail(email));
    if (a.role != Role::kOperator) return Status::FailedPrecondition("not_an_operator");
    AMS_RETURN_IF_ERROR(tx.agencies().Find(agency_id).status());
    AMS_RETURN_IF_ERROR(tx.accounts().AssignAgency(a.id, agency_id));
    return tx.audit().Append(events::AgencyAssigned(actor, a, agency_id, now)).status();
  });
}

// A forgotten password, reset by an admin.
Status AccountService::ResetPassword(const Actor& actor, const std::string& email,
                                     const SecretString& password) {
  AMS_RETURN_IF_ERROR(RequireAdmin(actor));
  std::optional<Account> read;
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(read, tx.accounts().FindByEmail(email));
    return Status();
  }));
  if (read->id == actor.account_id) {
    return Status::FailedPrecondition("cannot_reset_own_password");
  }
  AMS_RETURN_IF_ERROR(CheckPasswordPolicy(password, read->email, read->display_name));
  // Hashed outside the transaction (see password_change.cc).
  AMS_ASSIGN_OR_RETURN(std::string hash, HashPassword(password, options_.hash_limits));
  const TimePoint now = clock_.Now();
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account account, tx.accounts().FindByIdForUpdate(read->id));
    // The owner was probably locked out by their own attempts: unlocked.
    // An admin chose it: the owner changes it at the next sign-in. At the
    // console (`ams user reset-password`, a lone admin's way back in) the
    // one typing it is taken to be its owner.
    AMS_RETURN_IF_ERROR(StoreNewPassword(
        tx, account, hash, actor.is_system ? NewPasswordBy::kConsole : NewPasswordBy::kAdmin, now));
    return tx.audit().Append(events::PasswordReset(actor, account, now)).status();
  });
}

}  // namespace ams::auth
