// Login, logout and authentication of sessions and API tokens.
#include "auth/account_service.h"
#include "auth/audit_events.h"
#include "auth/recovery_codes.h"
#include "auth/tokens.h"
#include "auth/totp.h"
#include "base/encoding.h"
#include "identity/email.h"

namespace ams::auth {

Status AccountService::CheckSecondFactor(store::Transaction& tx, Account& account,
                                         const std::string& code, TimePoint now) const {
  if (code.empty()) return Status::Unauthenticated("second_factor_required");
  AMS_ASSIGN_OR_RETURN(TotpSecret secret, OpenTotpSecret(account.totp_secret_stored));
  Result<int64_t> step = VerifyTotp(secret, code, now, account.totp_last_step);
  if (step.ok()) {
    account.totp_last_step = *step;
    return Status();
  }
  Result<std::string> recovery_hash = HashRecoveryCode(code);
  if (!recovery_hash.ok()) return step.status();
  AMS_ASSIGN_OR_RETURN(bool used, tx.accounts().UseRecoveryCode(account.id, *recovery_hash));
  if (used) return Status();
  return step.status();
}

Result<LoginResult> AccountService::Login(const std::string& email, const SecretString& password,
                                          const std::string& second_factor,
                                          const std::string& remote_addr) {
  const TimePoint now = clock_.Now();
  Result<identity::Email> parsed = identity::Email::Parse(email);
  const std::string canonical = parsed.ok() ? parsed->Canonical() : email.substr(0, 254);
  LoginResult result;
  // The failure to report after the transaction commits: a failed login is
  // recorded (counter and audit) and only then refused.
  Status failure;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    Result<Account> found = tx.accounts().FindByEmail(canonical);
    if (!found.ok() && found.status().code() != Code::kNotFound) return found.status();
    if (!found.ok()) {
      (void)VerifyPassword(DummyPasswordHash(), password);
      failure = Status::Unauthenticated("login_failed", "unknown e-mail");
      return tx.audit().Append(events::LoginFailed(nullptr, canonical, "unknown_email",
                                                   remote_addr, now)).status();
    }
    AMS_ASSIGN_OR_RETURN(Account account, tx.accounts().FindByIdForUpdate(found->id));
    ThrottleDecision decision = LoginThrottle(options_.throttle)
                                    .Decide(account.failed_logins, account.last_failed_login, now);
    if (!decision.allowed) {
      failure = decision.ToStatus();
      return tx.audit().Append(events::LoginFailed(&account, canonical, "throttled", remote_addr,
                                                   now)).status();
    }
    std::string why;
    if (!VerifyPassword(account.password_hash, password)) {
      why = "wrong_password";
    } else if (account.disabled) {
      why = "disabled";
    } else if (RequiresSecondFactor(account.role) && account.totp_enabled) {
      Status second = CheckSecondFactor(tx, account, second_factor, now);
      if (!second.ok()) {
        // No key, or a secret it cannot open: the server's fault, not a
        // wrong code to count against the owner.
        if (second.code() == Code::kInternal) return second;
        why = second.reason();
      }
    }
    if (!why.empty()) {
      ++account.failed_logins;
      account.last_failed_login = now;
      AMS_RETURN_IF_ERROR(tx.accounts().Update(account));
      failure = why == "second_factor_required"
                    ? Status::Unauthenticated("second_factor_required")
                    : Status::Unauthenticated("login_failed", why);
      return tx.audit().Append(events::LoginFailed(&account, canonical, why, remote_addr, now))
          .status();
    }
    if (!account.email_verified) {
      failure = Status::FailedPrecondition("email_not_verified");
      return Status();
    }
    account.failed_logins = 0;
    account.last_failed_login.reset();
    AMS_RETURN_IF_ERROR(tx.accounts().Update(account));

    NewTokenResult session_token = NewToken(random_, "s_");
    Session session;
    session.id_hash = session_token.hash;
    session.account_id = account.id;
    session.csrf_token = random_.Token(32);
    session.second_factor_done = !RequiresSecondFactor(account.role) || account.totp_enabled;
    session.password_change_required = account.must_change_password;
    session.created_at = now;
    session.expires_at = now + options_.session_ttl;
    AMS_RETURN_IF_ERROR(tx.accounts().AddSession(session));
    AMS_RETURN_IF_ERROR(
        tx.audit().Append(events::LoginSucceeded(account, remote_addr, now)).status());
    result.session_token = session_token.plaintext.reveal();
    result.session = session;
    result.second_factor_enrolment_required = !session.second_factor_done;
    result.password_change_required = account.must_change_password;
    result.account = account;
    return Status();
  });
  if (!s.ok()) return s;
  if (!failure.ok()) return failure;
  return result;
}

Status AccountService::Logout(const std::string& session_token, const std::string& remote_addr) {
  const TimePoint now = clock_.Now();
  return store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Session session, tx.accounts().FindSession(HashToken(session_token)));
    AMS_ASSIGN_OR_RETURN(Account account, tx.accounts().FindById(session.account_id));
    AMS_RETURN_IF_ERROR(tx.accounts().DeleteSession(session.id_hash));
    return tx.audit().Append(events::LoggedOut(account, remote_addr, now)).status();
  });
}

Result<std::pair<Actor, Session>> AccountService::AuthenticateSession(
    const std::string& session_token, SessionAccepts accepts) {
  if (session_token.empty() || session_token.size() > 200) {
    return Status::Unauthenticated("session_invalid");
  }
  const TimePoint now = clock_.Now();
  std::optional<std::pair<Actor, Session>> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    Result<Session> session = tx.accounts().FindSession(HashToken(session_token));
    if (!session.ok()) {
      return session.status().code() == Code::kNotFound
                 ? Status::Unauthenticated("session_invalid")
                 : session.status();
    }
    if (session->expires_at <= now) return Status::Unauthenticated("session_expired");
    if (!session->second_factor_done && accepts != SessionAccepts::kAny) {
      return Status::Unauthenticated("second_factor_enrolment_required");
    }
    AMS_ASSIGN_OR_RETURN(Account account, tx.accounts().FindById(session->account_id));
    if (account.disabled) return Status::Unauthenticated("session_invalid");
    session->password_change_required = account.must_change_password;
    if (account.must_change_password && accepts == SessionAccepts::kComplete) {
      return Status::PermissionDenied("password_change_required",
                                      "an admin chose this password: change it first");
    }
    AMS_ASSIGN_OR_RETURN(Actor actor, ActorFor(tx, account, ""));
    out.emplace(std::move(actor), *session);
    return Status();
  });
  if (!s.ok()) return s;
  return *out;
}

Result<Actor> AccountService::AuthenticateToken(const std::string& bearer_token) {
  if (bearer_token.empty() || bearer_token.size() > 200) {
    return Status::Unauthenticated("token_invalid");
  }
  const TimePoint now = clock_.Now();
  std::optional<Actor> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    Result<ApiToken> token = tx.accounts().FindApiToken(HashToken(bearer_token));
    if (!token.ok()) {
      return token.status().code() == Code::kNotFound ? Status::Unauthenticated("token_invalid")
                                                      : token.status();
    }
    if (token->revoked || (token->expires_at && *token->expires_at <= now)) {
      return Status::Unauthenticated("token_invalid");
    }
    AMS_ASSIGN_OR_RETURN(Account account, tx.accounts().FindById(token->account_id));
    if (account.disabled) return Status::Unauthenticated("token_invalid");
    AMS_ASSIGN_OR_RETURN(Actor actor, ActorFor(tx, account, ""));
    out = std::move(actor);
    return Status();
  });
  if (!s.ok()) return s;
  return *out;
}

}  // namespace ams::auth
