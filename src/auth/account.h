#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "auth/role.h"
#include "base/clock.h"

namespace ams::auth {

// A login account as stored. The password is only ever held as its argon2id
// hash; the TOTP secret only while the second factor is enrolled.
struct Account {
  int64_t id = 0;
  std::string email;  // lowercased; unique
  // The person's current name: read from the identity in force once the
  // account has one (an approved data change renames at once), else the name
  // given at sign-up. Written only when the account is created.
  std::string display_name;
  std::string password_hash;
  Role role = Role::kApplicant;
  bool email_verified = false;
  bool disabled = false;
  int failed_logins = 0;  // consecutive; reset by a successful login
  std::optional<TimePoint> last_failed_login;
  // Empty until enrolment starts; then sealed (SealingKey) or, if stored
  // before sealing existed, hex (sealed by the next `ams serve` start).
  std::string totp_secret_stored;
  bool totp_enabled = false;
  int64_t totp_last_step = 0;  // RFC 6238 step last accepted: a code is never accepted twice
  TimePoint created_at;
  // The password was chosen by an admin, not by the owner: the owner must
  // change it at the next sign-in before doing anything else.
  bool must_change_password = false;
};

// A server-side session: the cookie carries the id, the store only its hash,
// so any node can serve any request and a stolen database holds no live cookie.
struct Session {
  std::string id_hash;
  int64_t account_id = 0;
  std::string csrf_token;     // sent back in forms and the X-CSRF-Token header
  bool second_factor_done = false;
  TimePoint created_at;
  TimePoint expires_at;
  // The account's must_change_password when the session was authenticated
  // (not stored with the session).
  bool password_change_required = false;
};

// A token for scripts (Authorization: Bearer ...). Stored as its hash only.
struct ApiToken {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string name;
  std::string token_hash;
  TimePoint created_at;
  std::optional<TimePoint> expires_at;
  bool revoked = false;
};

// What a one-time link (e-mail verification, password reset) is for.
enum class OneTimePurpose { kVerifyEmail, kResetPassword };

}  // namespace ams::auth
