#include "auth/account_service.h"

#include <nlohmann/json.hpp>

#include "auth/password_policy.h"
#include "auth/tokens.h"
#include "auth/audit_events.h"
#include "identity/email.h"
#include "identity/person_name.h"

namespace ams::auth {

AccountService::AccountService(store::Store& store, const Clock& clock, Random& random,
                               AccountOptions options)
    : store_(store), clock_(clock), random_(random), options_(std::move(options)) {}

namespace {

Result<std::string> CanonicalEmail(const std::string& email) {
  Result<identity::Email> parsed = identity::Email::Parse(email);
  if (!parsed.ok()) return parsed.status();
  return parsed->Canonical();
}

notify::OutgoingMail VerificationMail(const std::string& to, const std::string& name,
                                      const std::string& link, TimePoint now) {
  notify::OutgoingMail m;
  m.to = to;
  m.subject = "AMS: verifikasi alamat e-mail / verify your e-mail address";
  m.body_text = "Yth. " + name +
                ",\n\nTerima kasih telah mendaftar di AMS (Aplikasi Manajemen Sertifikat).\n"
                "Buka tautan berikut untuk memverifikasi alamat e-mail Anda:\n\n" +
                link +
                "\n\nTautan ini berlaku 48 jam dan hanya dapat dipakai sekali.\n\n"
                "---\n\nThank you for registering with AMS. Open the link above to verify your "
                "e-mail address. It is valid for 48 hours and works once.\n";
  m.next_attempt_at = now;
  return m;
}

}  // namespace

Result<int64_t> AccountService::Register(const std::string& email, const SecretString& password,
                                         const std::string& display_name,
                                         const std::string& remote_addr) {
  AMS_ASSIGN_OR_RETURN(std::string canonical, CanonicalEmail(email));
  Result<identity::PersonName> name = identity::PersonName::Parse(display_name);
  if (!name.ok()) return name.status();
  AMS_RETURN_IF_ERROR(CheckPasswordPolicy(password, canonical, name->value()));
  AMS_ASSIGN_OR_RETURN(std::string hash, HashPassword(password, options_.hash_limits));

  const TimePoint now = clock_.Now();
  NewTokenResult link_token = NewToken(random_, "v_");
  int64_t id = 0;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    Account a;
    a.email = canonical;
    a.display_name = name->value();
    a.password_hash = hash;
    a.role = Role::kApplicant;
    a.created_at = now;
    AMS_ASSIGN_OR_RETURN(id, tx.accounts().Create(a));
    AMS_RETURN_IF_ERROR(tx.accounts().AddOneTimeToken(
        link_token.hash, id, OneTimePurpose::kVerifyEmail, now + options_.verify_link_ttl));
    AMS_RETURN_IF_ERROR(
        tx.audit().Append(events::Registered(id, canonical, remote_addr, now)).status());
    std::string link = options_.public_url + "/verify?token=" + link_token.plaintext.reveal();
    return tx.outbox().Enqueue(VerificationMail(canonical, a.display_name, link, now)).status();
  });
  if (!s.ok()) return s;
  return id;
}

Status AccountService::VerifyEmail(const std::string& token, const std::string& remote_addr) {
  if (token.empty() || token.size() > 200) return Status::NotFound("link_invalid");
  const TimePoint now = clock_.Now();
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(int64_t id, tx.accounts().ConsumeOneTimeToken(
                                         HashToken(token), OneTimePurpose::kVerifyEmail, now));
    AMS_ASSIGN_OR_RETURN(Account a, tx.accounts().FindByIdForUpdate(id));
    a.email_verified = true;
    AMS_RETURN_IF_ERROR(tx.accounts().Update(a));
    return tx.audit().Append(events::EmailVerified(a, remote_addr, now)).status();
  });
}

Result<Actor> AccountService::ActorFor(store::Transaction& tx, const Account& account,
                                       std::string remote_addr) {
  Actor actor;
  actor.account_id = account.id;
  actor.email = account.email;
  actor.role = account.role;
  actor.remote_addr = std::move(remote_addr);
  if (account.role == Role::kOperator) {
    AMS_ASSIGN_OR_RETURN(actor.agencies, tx.accounts().AssignedAgencies(account.id));
  }
  return actor;
}

Result<Account> AccountService::GetAccount(const Actor& actor, int64_t account_id) {
  Result<Account> out = Status::NotFound("account_not_found");
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account a, tx.accounts().FindById(account_id));
    bool allowed = actor.is_system || actor.account_id == account_id ||
                   actor.role == Role::kAdmin || actor.role == Role::kAuditor;
    if (!allowed && actor.role == Role::kOperator && a.role == Role::kApplicant) {
      Result<identity::IdentityVersion> current = tx.identities().Current(account_id);
      if (current.ok()) {
        for (int64_t agency : actor.agencies) allowed |= agency == current->data.agency_id;
      }
    }
    if (!allowed) return Status::NotFound("account_not_found");
    out = std::move(a);
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<identity::IdentityVersion>> AccountService::IdentityHistory(
    const Actor& actor, int64_t account_id) {
  AMS_RETURN_IF_ERROR(GetAccount(actor, account_id).status());
  std::vector<identity::IdentityVersion> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(out, tx.identities().History(account_id));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ams::auth
