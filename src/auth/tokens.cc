#include "auth/tokens.h"

#include <sodium.h>

#include "base/encoding.h"

namespace ams::auth {

NewTokenResult NewToken(Random& random, std::string_view prefix) {
  std::string plaintext(prefix);
  plaintext += random.Token(32);
  std::string hash = HashToken(plaintext);
  return {SecretString(std::move(plaintext)), std::move(hash)};
}

std::string HashToken(std::string_view plaintext) { return Sha256Hex(plaintext); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ams::auth
