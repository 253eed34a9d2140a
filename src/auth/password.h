#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/secret.h"

namespace ams::auth {

// The cost of one argon2id hash (RFC 9106). A plain value.
struct PasswordHashLimits {
  uint64_t ops_limit = 0;  // passes over memory
  size_t mem_limit = 0;    // bytes

  // libsodium's INTERACTIVE limits (2 passes, 64 MiB): the default for
  // logins, about 0.1 s per hash on a server core.
  static PasswordHashLimits Interactive();
  // libsodium's MIN limits (1 pass, 8 KiB). Insecure: for tests only.
  static PasswordHashLimits MinimumForTests();
};

// Hashes `password` with argon2id (libsodium crypto_pwhash_str_alg,
// ALG_ARGON2ID13) and a fresh random salt. The result is the PHC string
// ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash", at most 127 bytes), which
// carries its own parameters, so stored hashes stay verifiable when the
// limits change. Thread-safe.
// Default: limits = PasswordHashLimits::Interactive().
// Returns kInternal when libsodium fails (out of memory) and kInvalidArgument
// "password_too_long" for a password above 4096 bytes (a cap on work an
// unauthenticated caller can make us do; the policy's limit is far lower).
Result<std::string> HashPassword(
    const SecretString& password,
    const PasswordHashLimits& limits = PasswordHashLimits::Interactive());

// True when `password` matches `hash`. False for a wrong password, for a hash
// that is not an argon2 PHC string, and for a password above 4096 bytes. The
// comparison is constant-time (libsodium). Thread-safe.
bool VerifyPassword(std::string_view hash, const SecretString& password);

// True when `hash` was made with other limits than `limits` or is not a
// valid argon2id hash: rehash the password after the next successful login.
// Default: limits = PasswordHashLimits::Interactive().
bool NeedsRehash(std::string_view hash,
                 const PasswordHashLimits& limits = PasswordHashLimits::Interactive());

// An argon2id hash of a random password with the interactive limits, made
// once per process. When a login names an unknown account, verify against
// this so that the response takes as long as for a known one and does not
// reveal which e-mail addresses have accounts. Thread-safe.
const std::string& DummyPasswordHash();

}  // namespace ams::auth
