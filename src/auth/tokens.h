#pragma once

#include <string>
#include <string_view>

#include "base/random.h"
#include "base/secret.h"

namespace ams::auth {

// An opaque bearer secret: session ids, API tokens, e-mail verification and
// password-reset links, CSRF tokens. The plaintext goes to the holder once
// (cookie, link, screen); the store keeps only the hash, so a copy of the
// database holds no usable token.
struct NewTokenResult {
  SecretString plaintext;  // prefix + 43 characters of base64url (32 random bytes)
  std::string hash;        // HashToken(plaintext): 64 lowercase hex characters
};

// A fresh token of 256 random bits. `prefix` (e.g. "ams_" for API tokens,
// "amss_" for sessions) makes a leaked token recognisable to secret scanners
// and to the holder; it is part of the plaintext and so of the hash.
// REQUIRES: prefix is short ASCII without spaces.
NewTokenResult NewToken(Random& random, std::string_view prefix = "ams_");

// SHA-256 (hex) of the whole plaintext. A fast hash suffices: the token has
// 256 random bits, so there is nothing to brute-force.
std::string HashToken(std::string_view plaintext);
inline std::string HashToken(const SecretString& plaintext) {
  return HashToken(plaintext.reveal());
}

// Equality that takes the same time wherever the first difference is
// (libsodium sodium_memcmp), for comparing a presented token or its hash with
// a stored one. Different lengths compare unequal at once: length is public.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ams::auth
