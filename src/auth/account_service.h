#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/account.h"
#include "auth/actor.h"
#include "auth/login_throttle.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "base/sealing_key.h"
#include "base/secret.h"
#include "identity/agency.h"
#include "identity/identity.h"
#include "store/store.h"

namespace ams::auth {

struct AccountOptions {
  std::chrono::seconds session_ttl{8 * 3600};      // Default: 8 hours
  std::chrono::seconds verify_link_ttl{48 * 3600};  // Default: 48 hours
  std::chrono::seconds reset_link_ttl{3600};        // Default: 1 hour
  std::string public_url = "http://127.0.0.1:8080";  // where links in mails point
  PasswordHashLimits hash_limits = PasswordHashLimits::Interactive();
  LoginThrottleOptions throttle{};
  // Seals the TOTP secrets in the store. Without it (the CLI, which never
  // touches them) enrolment and second-factor logins fail (kInternal).
  std::shared_ptr<const SealingKey> totp_key;
};

// How far a signed-in session must have come for a request to be served.
enum class SessionAccepts {
  // The second factor passed or enrolled, and no password change due.
  kComplete,
  // Also a session whose password must be changed first (an admin chose
  // it): for changing it, and for saying who is signed in.
  kPasswordChangeDue,
  // Also a session with the second factor still to enrol: for enrolling,
  // and for signing out.
  kAny,
};

// The result of a successful password login. `session_token` is the cookie
// value (shown once, stored only as a hash).
struct LoginResult {
  std::string session_token;
  Session session;
  Account account;
  bool second_factor_required = false;  // the session is not yet fully signed in
  bool second_factor_enrolment_required = false;
  bool password_change_required = false;  // an admin chose the password: change it first
};

struct NewApiToken {
  ApiToken token;
  std::string plaintext;  // shown once
};

struct TotpEnrolment {
  std::string secret_base32;
  std::string otpauth_uri;
};

// New account data, by an admin or the CLI.
struct NewAccount {
  std::string email;
  SecretString password;
  std::string display_name;
  Role role = Role::kApplicant;
  std::optional<identity::IdentityData> identity;  // applicants: a verified identity
  std::vector<int64_t> agencies;                   // operators: assigned agencies
};

// One applicant found by SearchApplicants. Plain value.
struct ApplicantMatch {
  Account account;
  std::optional<identity::IdentityData> identity;  // the current version, if registered
};

// Accounts, sessions, API tokens and the second factor. Every state change
// and its audit record (and outgoing mail) commit in one transaction.
// Thread-safe: holds no mutable state of its own.
class AccountService {
 public:
  AccountService(store::Store& store, const Clock& clock, Random& random, AccountOptions options);

  // options.totp_key, for `ams serve` once it has read the CA passphrase.
  // Not thread-safe: before any request is served.
  void SetTotpKey(std::shared_ptr<const SealingKey> key) { options_.totp_key = std::move(key); }

  // Applicant self-registration; mails a verification link through the
  // outbox. kInvalidArgument invalid_email / invalid_name / password_*;
  // kConflict email_taken.
  Result<int64_t> Register(const std::string& email, const SecretString& password,
                           const std::string& display_name, const std::string& remote_addr);
  // Follows the link. kNotFound link_invalid / link_expired.
  Status VerifyEmail(const std::string& token, const std::string& remote_addr);

  // kUnauthenticated login_failed (never says which part was wrong);
  // kTooManyRequests login_throttled; kFailedPrecondition email_not_verified.
  // Operators and admins must pass a TOTP code (or a recovery code) when
  // enrolled, and must enrol when not.
  Result<LoginResult> Login(const std::string& email, const SecretString& password,
                            const std::string& second_factor, const std::string& remote_addr);
  Status Logout(const std::string& session_token, const std::string& remote_addr);

  // The actor behind a session cookie / bearer token. kUnauthenticated
  // session_invalid / token_invalid; kUnauthenticated
  // second_factor_enrolment_required and kPermissionDenied
  // password_change_required for a session not yet as far as `accepts`.
  Result<std::pair<Actor, Session>> AuthenticateSession(
      const std::string& session_token, SessionAccepts accepts = SessionAccepts::kComplete);
  Result<Actor> AuthenticateToken(const std::string& bearer_token);

  // Changes the caller's own password (auth/password_change.cc). A wrong
  // `current` counts as a failed login (throttled, audited); `next` must
  // meet the password policy. Every session of the account ends, the
  // caller's too; API tokens stay. The owner is mailed that it changed, as
  // for every new password (resets included). kUnauthenticated
  // "current_password_wrong"; kTooManyRequests "login_throttled";
  // kInvalidArgument "password_unchanged" or the policy's password_*;
  // kConflict "password_changed_meanwhile" (two changes at once);
  // kPermissionDenied "forbidden" for the system.
  Status ChangePassword(const Actor& actor, const SecretString& current, const SecretString& next,
                        const std::string& remote_addr);

  // "Forgot password" (auth/forgotten_password.cc). Mails a one-time link,
  // valid for options.reset_link_ttl, to the account with this address;
  // answers the same whether or not there is one (and writes nothing then),
  // and mails at most once per quarter of that time. kInvalidArgument
  // invalid_email for what is not an address.
  Status RequestPasswordReset(const std::string& email, const std::string& remote_addr);
  // Follows the link: sets `password` (the policy applies; a refusal leaves
  // the link usable), lifts a lockout, ends every session, audited.
  // kNotFound reset_link_invalid / reset_link_expired.
  Status ResetPasswordWithLink(const std::string& token, const SecretString& password,
                               const std::string& remote_addr);

  // An admin sets a new password for another account (its owner forgot
  // theirs): the policy applies, a lockout is lifted, every session of the
  // account ends, audited account.password_reset (never the password).
  // The owner must change it at the next sign-in, unless the system (the
  // CLI) set it. kPermissionDenied unless admin; kNotFound "account_not_found";
  // kFailedPrecondition "cannot_reset_own_password" (use ChangePassword).
  Status ResetPassword(const Actor& actor, const std::string& email, const SecretString& password);

  Result<NewApiToken> CreateApiToken(const Actor& actor, const std::string& name);
  Result<std::vector<ApiToken>> ListApiTokens(const Actor& actor);
  Status RevokeApiToken(const Actor& actor, int64_t token_id);

  Result<TotpEnrolment> StartTotpEnrolment(const Actor& actor);
  // Seals the TOTP secrets stored before sealing existed (hex), in one
  // transaction, audited auth.totp_secrets_sealed with their number; checks
  // that the key opens those sealed already: kFailedPrecondition
  // "sealed_value_unreadable" when they were sealed under another key (the
  // key file of another node). Returns how many it sealed. For `ams serve`
  // to call at start, with options.totp_key set.
  Result<int> SealStoredTotpSecrets();
  // Enables the second factor; returns the recovery codes, shown once.
  Result<std::vector<std::string>> ConfirmTotp(const Actor& actor, const std::string& session_token,
                                               const std::string& code);

  // Admin operations. kPermissionDenied unless actor is an admin (or system).
  // An account an admin creates must change its password at the first
  // sign-in; one the system (CLI, demo) creates need not.
  Result<int64_t> CreateAccount(const Actor& actor, const NewAccount& account);
  Result<std::vector<Account>> ListAccounts(const Actor& actor);
  Status SetRole(const Actor& actor, const std::string& email, Role role);
  Status SetDisabled(const Actor& actor, const std::string& email, bool disabled);
  Status AssignAgency(const Actor& actor, const std::string& email, int64_t agency_id);
  // kNotFound "agency_not_assigned" when the operator does not have it.
  Status UnassignAgency(const Actor& actor, const std::string& email, int64_t agency_id);
  // The agencies assigned to an operator: admins and auditors (and the
  // operator, for themself); kPermissionDenied "forbidden" otherwise.
  Result<std::vector<int64_t>> AssignedAgencies(const Actor& actor, int64_t account_id);

  // Agencies (instansi), by id. Any signed-in account may list them: their
  // names are shown on forms and pages. (auth/agencies.cc)
  Result<std::vector<identity::Agency>> ListAgencies(const Actor& actor);
  // Admins only (audited). `code` is upper-cased: 2-32 of A-Z, 0-9, '-', '_'.
  // kInvalidArgument "invalid_agency_code", "invalid_text" (the name);
  // kConflict "agency_code_taken".
  Result<int64_t> CreateAgency(const Actor& actor, const std::string& code,
                               const std::string& name);

  // Any account may read itself; operators the applicants of their agencies;
  // admins and auditors everyone. kNotFound (not 403) otherwise, so an
  // applicant cannot probe which ids exist.
  Result<Account> GetAccount(const Actor& actor, int64_t account_id);
  // The identity versions of an account, oldest first, under GetAccount's rule.
  Result<std::vector<identity::IdentityVersion>> IdentityHistory(const Actor& actor,
                                                                 int64_t account_id);

  // Applicants whose current name, NIP or e-mail contains `query`
  // (case-insensitive), at most `limit`, by name. Operators find the
  // applicants of their agencies only; admins and auditors everyone.
  // kInvalidArgument "query_too_short" (under 3 characters) or
  // "query_too_long" (over 100); kPermissionDenied "forbidden" for applicants.
  // One query in the store (LIKE), then the matches' accounts and identities.
  Result<std::vector<ApplicantMatch>> SearchApplicants(const Actor& actor, const std::string& query,
                                                       size_t limit = 50);

 private:
  Result<Actor> ActorFor(store::Transaction& tx, const Account& account, std::string remote_addr);
  // The stored form of a TOTP secret, and the secret from it (sealed, or
  // hex from before sealing existed). kInternal without a key or when the
  // key cannot open it: the server's configuration, not the user's doing.
  Result<std::string> SealTotpSecret(const TotpSecret& secret);
  Result<TotpSecret> OpenTotpSecret(const std::string& stored) const;
  // Checks a TOTP code, or failing that a one-time recovery code
  // (auth/login.cc). On success records what was used on `account` (the
  // caller writes it back).
  Status CheckSecondFactor(store::Transaction& tx, Account& account, const std::string& code,
                           TimePoint now) const;
  // Who set a new password.
  enum class NewPasswordBy { kOwner, kResetLink, kAdmin, kConsole };
  // Writes `hash` as `account`'s password (a change, a reset or a mailed
  // link): a lockout is lifted and every session ends, since whoever knew
  // the old password is to be signed out; one an admin chose must be
  // changed at the next sign-in. The owner is told by mail (through the
  // outbox, in this transaction), so a change they did not make does not
  // go unnoticed. The caller audits.
  Status StoreNewPassword(store::Transaction& tx, Account& account, std::string hash,
                          NewPasswordBy by, TimePoint now);

  store::Store& store_;
  const Clock& clock_;
  Random& random_;
  AccountOptions options_;
};

}  // namespace ams::auth
