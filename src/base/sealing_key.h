#pragma once

// A symmetric key for secrets the service must read back (the TOTP secrets):
// sealed with libsodium's secretbox (XSalsa20-Poly1305, a random nonce per
// seal), so that a copy of the database alone — a backup, a dump, a stolen
// disk of the database server — does not give them away. The key itself is
// kept in a file beside the CA keys, sealed under the CA key passphrase
// (argon2id): the file alone gives nothing either. Where the file lives is
// the composition root's business (app/); this is only the cryptography.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/random.h"
#include "base/result.h"
#include "base/secret.h"

namespace ams {

class SealingKey {
 public:
  static constexpr size_t kBytes = 32;
  // What every sealed value starts with; anything else was stored before
  // sealing existed (IsSealed).
  static constexpr std::string_view kPrefix = "sealed1:";

  static SealingKey Generate(Random& random);
  // For tests: a key from known bytes.
  static SealingKey FromBytes(const std::array<uint8_t, kBytes>& bytes);

  // The key sealed under `passphrase` (argon2id, a random salt), for a
  // file: "AMSSK1" | salt | nonce | secretbox(key).
  std::string Export(const SecretString& passphrase, Random& random) const;
  // kFailedPrecondition "sealing_key_unreadable" when `exported` is damaged
  // or was sealed under another passphrase.
  static Result<SealingKey> Import(std::string_view exported, const SecretString& passphrase);

  // kPrefix + base64(nonce | ciphertext | tag).
  std::string Seal(std::string_view plaintext, Random& random) const;
  // kFailedPrecondition "sealed_value_unreadable" when it was sealed under
  // another key, altered, or is not a sealed value.
  Result<std::string> Open(std::string_view sealed) const;
  static bool IsSealed(std::string_view stored) { return stored.starts_with(kPrefix); }

 private:
  SealingKey() = default;
  SecretString key_;  // kBytes raw bytes
};

}  // namespace ams
