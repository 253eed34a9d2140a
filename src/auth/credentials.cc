// API tokens and the TOTP second factor of one's own account.
#include "auth/account_service.h"
#include "auth/audit_events.h"
#include "auth/recovery_codes.h"
#include "auth/tokens.h"
#include "auth/totp.h"
#include "base/encoding.h"

namespace ams::auth {

Result<NewApiToken> AccountService::CreateApiToken(const Actor& actor, const std::string& name) {
  if (actor.is_system) return Status::PermissionDenied("forbidden", "the system has no tokens");
  if (name.empty() || name.size() > 100) {
    return Status::Invalid("invalid_token_name", "1 to 100 characters");
  }
  const TimePoint now = clock_.Now();
  NewTokenResult token = NewToken(random_, "ams_");
  NewApiToken out;
  out.plaintext = token.plaintext.reveal();
  out.token.account_id = actor.account_id;
  out.token.name = name;
  out.token.token_hash = token.hash;
  out.token.created_at = now;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(out.token.id, tx.accounts().AddApiToken(out.token));
    return tx.audit().Append(events::TokenCreated(actor, out.token.id, name, now)).status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<ApiToken>> AccountService::ListApiTokens(const Actor& actor) {
  std::vector<ApiToken> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(out, tx.accounts().ListApiTokens(actor.account_id));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Status AccountService::RevokeApiToken(const Actor& actor, int64_t token_id) {
  const TimePoint now = clock_.Now();
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_RETURN_IF_ERROR(tx.accounts().RevokeApiToken(actor.account_id, token_id));
    return tx.audit().Append(events::TokenRevoked(actor, token_id, now)).status();
  });
}

Result<TotpEnrolment> AccountService::StartTotpEnrolment(const Actor& actor) {
  if (!RequiresSecondFactor(actor.role) && actor.role != Role::kApplicant &&
      actor.role != Role::kAuditor) {
    return Status::PermissionDenied("forbidden");
  }
  TotpSecret secret = GenerateTotpSecret(random_);
  TotpEnrolment out;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account account, tx.accounts().FindByIdForUpdate(actor.account_id));
    if (account.totp_enabled) return Status::Conflict("second_factor_already_enrolled");
    AMS_ASSIGN_OR_RETURN(account.totp_secret_stored, SealTotpSecret(secret));
    AMS_RETURN_IF_ERROR(tx.accounts().Update(account));
    out.secret_base32 = TotpSecretToBase32(secret);
    out.otpauth_uri = TotpUri("AMS", account.email, secret);
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<std::string>> AccountService::ConfirmTotp(const Actor& actor,
                                                             const std::string& session_token,
                                                             const std::string& code) {
  const TimePoint now = clock_.Now();
  RecoveryCodes codes = GenerateRecoveryCodes(random_, 10);
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account account, tx.accounts().FindByIdForUpdate(actor.account_id));
    if (account.totp_enabled) return Status::Conflict("second_factor_already_enrolled");
    if (account.totp_secret_stored.empty()) return Status::FailedPrecondition("totp_not_started");
    AMS_ASSIGN_OR_RETURN(TotpSecret secret, OpenTotpSecret(account.totp_secret_stored));
    AMS_ASSIGN_OR_RETURN(account.totp_last_step,
                         VerifyTotp(secret, code, now, account.totp_last_step));
    account.totp_enabled = true;
    AMS_RETURN_IF_ERROR(tx.accounts().Update(account));
    AMS_RETURN_IF_ERROR(tx.accounts().ReplaceRecoveryCodes(account.id, codes.hashes));
    if (!session_token.empty()) {
      Result<Session> session = tx.accounts().FindSession(HashToken(session_token));
      if (session.ok()) {
        session->second_factor_done = true;
        AMS_RETURN_IF_ERROR(tx.accounts().UpdateSession(*session));
      }
    }
    return tx.audit().Append(events::SecondFactorEnrolled(actor, now)).status();
  });
  if (!s.ok()) return s;
  std::vector<std::string> shown;
  for (const SecretString& c : codes.plaintext) shown.push_back(c.reveal());
  return shown;
}

Result<std::string> AccountService::SealTotpSecret(const TotpSecret& secret) {
  if (!options_.totp_key) return Status::Internal("no TOTP sealing key configured");
  const std::vector<uint8_t>& bytes = secret.reveal();
  return options_.totp_key->Seal(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), random_);
}

Result<TotpSecret> AccountService::OpenTotpSecret(const std::string& stored) const {
  if (!SealingKey::IsSealed(stored)) {
    // Stored before sealing existed; `ams serve` seals it at its next start.
    Result<TotpSecret> legacy = TotpSecretFromHex(stored);
    if (!legacy.ok()) return Status::Internal("stored TOTP secret is neither sealed nor hex");
    return legacy;
  }
  if (!options_.totp_key) return Status::Internal("no TOTP sealing key configured");
  Result<std::string> opened = options_.totp_key->Open(stored);
  if (!opened.ok()) {
    return Status::Internal(
        "a TOTP secret does not open with this server's sealing key: is the key file "
        "the one of this deployment?");
  }
  return TotpSecret(std::vector<uint8_t>(opened->begin(), opened->end()));
}

Result<int> AccountService::SealStoredTotpSecrets() {
  if (!options_.totp_key) return Status::Internal("no TOTP sealing key configured");
  const TimePoint now = clock_.Now();
  int sealed = 0;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    sealed = 0;
    AMS_ASSIGN_OR_RETURN(std::vector<Account> accounts, tx.accounts().List());
    for (Account& a : accounts) {
      if (a.totp_secret_stored.empty()) continue;
      if (SealingKey::IsSealed(a.totp_secret_stored)) {
        if (!options_.totp_key->Open(a.totp_secret_stored).ok()) {
          return Status::FailedPrecondition(
              "sealed_value_unreadable",
              "the TOTP secret of account " + std::to_string(a.id) +
                  " was sealed under another key: give every node the same key file");
        }
        continue;
      }
      AMS_ASSIGN_OR_RETURN(TotpSecret secret, OpenTotpSecret(a.totp_secret_stored));
      AMS_ASSIGN_OR_RETURN(a.totp_secret_stored, SealTotpSecret(secret));
      AMS_RETURN_IF_ERROR(tx.accounts().Update(a));
      ++sealed;
    }
    if (sealed == 0) return Status();
    return tx.audit().Append(events::TotpSecretsSealed(sealed, now)).status();
  });
  if (!s.ok()) return s;
  return sealed;
}

}  // namespace ams::auth
