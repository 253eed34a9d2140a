// Changing one's own password.
#include "auth/account_service.h"
#include "auth/audit_events.h"
#include "auth/password_policy.h"

namespace ams::auth {

namespace {

// "Your password was changed", in both languages; never the password.
notify::OutgoingMail PasswordChangedMail(const Account& a, const char* how_id, const char* how_en,
                                         const std::string& public_url, TimePoint now) {
  const std::string when = FormatWib(now);
  const std::string forgot = public_url + "/password-reset";
  notify::OutgoingMail m;
  m.to = a.email;
  m.subject = "AMS: kata sandi Anda diubah / your password was changed";
  m.body_text = "Yth. " + a.display_name + ",\n\nKata sandi akun AMS Anda (" + a.email +
                ") diubah pada " + when + " " + how_id +
                ". Semua sesi akun ini telah diakhiri.\n\nBila bukan Anda yang melakukan atau "
                "memintanya, segera pilih kata sandi baru lewat " + forgot +
                " dan beri tahu admin AMS.\n\n---\n\nThe password of your AMS account (" + a.email +
                ") was changed at " + when + " " + how_en +
                ". Every session of the account has ended.\n\nIf it was not you, choose a new "
                "password at once at " + forgot + " and tell an AMS admin.\n";
  m.next_attempt_at = now;  // no dedup key: every change is news
  return m;
}

}  // namespace

Status AccountService::StoreNewPassword(store::Transaction& tx, Account& account,
                                        std::string hash, NewPasswordBy by, TimePoint now) {
  account.password_hash = std::move(hash);
  account.must_change_password = by == NewPasswordBy::kAdmin;
  account.failed_logins = 0;
  account.last_failed_login.reset();
  AMS_RETURN_IF_ERROR(tx.accounts().Update(account));
  AMS_RETURN_IF_ERROR(tx.accounts().DeleteSessionsOf(account.id));
  const char* how_id = "oleh Anda sendiri (Ubah kata sandi)";
  const char* how_en = "by you (Change password)";
  switch (by) {
    case NewPasswordBy::kOwner: break;
    case NewPasswordBy::kResetLink:
      how_id = "lewat tautan atur ulang yang dikirim ke alamat ini";
      how_en = "through a reset link mailed to this address";
      break;
    case NewPasswordBy::kAdmin:
      how_id = "oleh admin AMS (kata sandi sementara: Anda diminta menggantinya saat masuk)";
      how_en = "by an AMS admin (a temporary password: you will be asked to replace it when you "
               "sign in)";
      break;
    case NewPasswordBy::kConsole:
      how_id = "oleh pengelola server AMS";
      how_en = "by the AMS server's operator";
      break;
  }
  return tx.outbox()
      .Enqueue(PasswordChangedMail(account, how_id, how_en, options_.public_url, now))
      .status();
}

Status AccountService::ChangePassword(const Actor& actor, const SecretString& current,
                                      const SecretString& next, const std::string& remote_addr) {
  if (actor.is_system) return Status::PermissionDenied("forbidden", "the system has no password");
  const TimePoint now = clock_.Now();
  std::optional<Account> read;
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(read, tx.accounts().FindById(actor.account_id));
    return Status();
  }));
  if (read->disabled) return Status::Unauthenticated("session_invalid");

  // A wrong current password is a failed login: counted, throttled and
  // audited alike, so this form is no way around the login's limits. The
  // argon2id work (~0.1 s each) is done outside any transaction: a write
  // transaction held that long would stall every other writer.
  const ThrottleDecision decision =
      LoginThrottle(options_.throttle).Decide(read->failed_logins, read->last_failed_login, now);
  const bool throttled = !decision.allowed;
  if (throttled || !VerifyPassword(read->password_hash, current)) {
    AMS_RETURN_IF_ERROR(store_.InTransaction([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(Account account, tx.accounts().FindByIdForUpdate(actor.account_id));
      if (!throttled) {
        ++account.failed_logins;
        account.last_failed_login = now;
        AMS_RETURN_IF_ERROR(tx.accounts().Update(account));
      }
      return tx.audit()
          .Append(events::LoginFailed(&account, account.email,
                                      throttled ? "throttled" : "wrong_password_on_change",
                                      remote_addr, now))
          .status();
    }));
    return throttled ? decision.ToStatus() : Status::Unauthenticated("current_password_wrong");
  }
  if (VerifyPassword(read->password_hash, next)) {
    return Status::Invalid("password_unchanged", "the new password is the current one");
  }
  AMS_RETURN_IF_ERROR(CheckPasswordPolicy(next, read->email, read->display_name));
  AMS_ASSIGN_OR_RETURN(std::string hash, HashPassword(next, options_.hash_limits));

  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account account, tx.accounts().FindByIdForUpdate(actor.account_id));
    // Changed or disabled since it was verified above: that check no longer holds.
    if (account.password_hash != read->password_hash) {
      return Status::Conflict("password_changed_meanwhile");
    }
    if (account.disabled) return Status::Unauthenticated("session_invalid");
    // This browser is signed out too: the next page asks for the new one.
    // A copy: the store may run this work again after a lost race.
    AMS_RETURN_IF_ERROR(StoreNewPassword(tx, account, hash, NewPasswordBy::kOwner, now));
    return tx.audit().Append(events::PasswordChanged(account, remote_addr, now)).status();
  });
}

}  // namespace ams::auth
