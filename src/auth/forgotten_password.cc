// "Lupa kata sandi": a one-time link by mail to set a new password.
#include <algorithm>

#include "auth/account_service.h"
#include "auth/audit_events.h"
#include "auth/password_policy.h"
#include "auth/tokens.h"
#include "identity/email.h"

namespace ams::auth {

namespace {

notify::OutgoingMail ResetMail(const Account& a, const std::string& link, TimePoint now,
                               std::chrono::seconds ttl) {
  const std::string minutes = std::to_string(ttl.count() / 60);
  notify::OutgoingMail m;
  m.to = a.email;
  m.subject = "AMS: atur ulang kata sandi / reset your password";
  m.body_text = "Yth. " + a.display_name +
                ",\n\nSeseorang (semoga Anda sendiri) meminta pengaturan ulang kata sandi akun AMS "
                "Anda.\nBuka tautan berikut untuk memilih kata sandi baru:\n\n" +
                link + "\n\nTautan ini berlaku " + minutes +
                " menit dan hanya dapat dipakai sekali. Bila Anda tidak memintanya, abaikan "
                "e-mail ini: kata sandi Anda tetap.\n\n---\n\nSomeone (you, we hope) asked to "
                "reset the password of your AMS account. Open the link above to choose a new "
                "one. It is valid for " +
                minutes + " minutes and works once. If it was not you, ignore this mail: your "
                          "password stays as it is.\n";
  // One mail per account per window, however often the form is sent: the
  // form cannot be used to flood someone's mailbox.
  m.dedup_key = "password_reset:" + std::to_string(a.id) + ":" +
                std::to_string(ToUnixSeconds(now) / std::max<int64_t>(ttl.count() / 4, 60));
  m.next_attempt_at = now;
  return m;
}

}  // namespace

Status AccountService::RequestPasswordReset(const std::string& email,
                                            const std::string& remote_addr) {
  Result<identity::Email> parsed = identity::Email::Parse(email);
  if (!parsed.ok()) return parsed.status();
  const TimePoint now = clock_.Now();
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    Result<Account> found = tx.accounts().FindByEmail(parsed->Canonical());
    // The same answer whether or not the address has an account, and
    // nothing written for one that has none.
    if (!found.ok()) return found.status().code() == Code::kNotFound ? Status() : found.status();
    if (found->disabled) return Status();
    NewTokenResult token = NewToken(random_, "r_");
    const std::string link = options_.public_url + "/password-reset?token=" + token.plaintext.reveal();
    AMS_ASSIGN_OR_RETURN(bool sent,
                         tx.outbox().Enqueue(ResetMail(*found, link, now, options_.reset_link_ttl)));
    if (!sent) return Status();  // One was mailed in this window already.
    AMS_RETURN_IF_ERROR(tx.accounts().AddOneTimeToken(token.hash, found->id,
                                                      OneTimePurpose::kResetPassword,
                                                      now + options_.reset_link_ttl));
    return tx.audit().Append(events::PasswordResetRequested(*found, remote_addr, now)).status();
  });
}

Status AccountService::ResetPasswordWithLink(const std::string& token, const SecretString& password,
                                             const std::string& remote_addr) {
  if (token.empty() || token.size() > 200) return Status::NotFound("reset_link_invalid");
  const TimePoint now = clock_.Now();
  // A refusal (the policy) rolls back, so the link still works for a better
  // password. The hash is made inside the transaction: the account is only
  // known once the token is consumed, and this is rare.
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    Result<int64_t> id = tx.accounts().ConsumeOneTimeToken(HashToken(token),
                                                           OneTimePurpose::kResetPassword, now);
    // Its own reasons: what to do next differs from a registration link's.
    if (!id.ok() && id.status().code() == Code::kNotFound) {
      return Status::NotFound("reset_" + id.status().reason());
    }
    if (!id.ok()) return id.status();
    AMS_ASSIGN_OR_RETURN(Account account, tx.accounts().FindByIdForUpdate(*id));
    if (account.disabled) return Status::NotFound("reset_link_invalid");
    AMS_RETURN_IF_ERROR(CheckPasswordPolicy(password, account.email, account.display_name));
    AMS_ASSIGN_OR_RETURN(std::string hash, HashPassword(password, options_.hash_limits));
    account.email_verified = true;  // The link reached this mailbox.
    AMS_RETURN_IF_ERROR(StoreNewPassword(tx, account, std::move(hash), NewPasswordBy::kResetLink, now));
    return tx.audit().Append(events::PasswordResetByLink(account, remote_addr, now)).status();
  });
}

}  // namespace ams::auth
