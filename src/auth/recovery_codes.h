#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/random.h"
#include "base/result.h"
#include "base/secret.h"

namespace ams::auth {

// One-time recovery codes for an account whose second factor is lost. The
// applicant sees the plaintext once; the store keeps only the hashes and
// deletes a hash when its code is used.
struct RecoveryCodes {
  std::vector<SecretString> plaintext;  // "7k3m-q9xd-2fhp", to show once
  std::vector<std::string> hashes;      // HashRecoveryCode of each, same order
};

// `count` codes of 12 characters from a 32-character alphabet without
// look-alikes (Crockford base32: no i, l, o, u), grouped "xxxx-xxxx-xxxx":
// 60 random bits each. Default: count = 10.
RecoveryCodes GenerateRecoveryCodes(Random& random, size_t count = 10);

// The canonical form of a code as typed: case, spaces and hyphens ignored,
// and the look-alikes read as Crockford says (o→0, i/l→1). nullopt unless
// that leaves exactly 12 alphabet characters.
std::optional<std::string> NormaliseRecoveryCode(std::string_view code);

// SHA-256 (hex) of the normalised code, for storage and look-up.
// Returns kInvalidArgument "invalid_recovery_code" when the code does not
// normalise.
Result<std::string> HashRecoveryCode(std::string_view code);

// The index in `stored_hashes` of the hash that `code` matches, compared in
// constant time; nullopt when none matches or the code is malformed.
std::optional<size_t> FindRecoveryCode(std::string_view code,
                                       const std::vector<std::string>& stored_hashes);

}  // namespace ams::auth
