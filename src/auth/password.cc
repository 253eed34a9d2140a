#include "auth/password.h"

#include <sodium.h>

#include <cstdlib>

#include "base/random.h"

namespace ams::auth {
namespace {

// Argon2 hashes whatever it is given in one pass of BLAKE2b, so length costs
// little, but there is no reason to accept megabytes from a login form.
constexpr size_t kMaxPasswordBytes = 4096;

void InitSodium() {
  // sodium_init is thread-safe and idempotent; the CSPRNG needs it.
  if (sodium_init() < 0) std::abort();
}

}  // namespace

PasswordHashLimits PasswordHashLimits::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHashLimits PasswordHashLimits::MinimumForTests() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> HashPassword(const SecretString& password, const PasswordHashLimits& limits) {
  InitSodium();
  const std::string& pw = password.reveal();
  if (pw.size() > kMaxPasswordBytes) {
    return Status::Invalid("password_too_long", "more than 4096 bytes");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pw.data(), pw.size(), limits.ops_limit, limits.mem_limit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("crypto_pwhash_str_alg failed (out of memory or bad limits)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, const SecretString& password) {
  InitSodium();
  const std::string& pw = password.reveal();
  // crypto_pwhash_str_verify needs a NUL-terminated string that fits the buffer.
  if (pw.size() > kMaxPasswordBytes || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) {
    return false;
  }
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), pw.data(), pw.size()) == 0;
}

bool NeedsRehash(std::string_view hash, const PasswordHashLimits& limits) {
  InitSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  const std::string terminated(hash);
  // The argon2id variant asserts the algorithm too: an argon2i hash needs rehashing.
  return crypto_pwhash_argon2id_str_needs_rehash(terminated.c_str(), limits.ops_limit,
                                                 limits.mem_limit) != 0;
}

const std::string& DummyPasswordHash() {
  static const std::string* const kHash = [] {
    SecureRandom random;
    Result<std::string> hash = HashPassword(SecretString(random.Token(24)));
    if (!hash.ok()) std::abort();  // out of memory at the first login: nothing sane to do
    return new std::string(std::move(hash).value());
  }();
  return *kHash;
}

}  // namespace ams::auth
