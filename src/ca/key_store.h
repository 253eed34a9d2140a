#pragma once

// Where CA private keys live. KeyStore is the interface (a PKCS#11 token
// later, following smallstep's cas/apiv1 pluggable services);
// EncryptedFileKeyStore keeps each key as an encrypted PKCS#8 PEM file.

#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/secret.h"
#include "base/status.h"
#include "ca/ossl/ossl.h"

namespace ams::ca {

// Stores and loads CA private keys by name ("root", "issuing", "ocsp").
// Keys returned are owned by the caller. Implementations are thread-safe.
class KeyStore {
 public:
  virtual ~KeyStore() = default;

  // Stores `key` (not consumed) under `name`. kConflict "ca_key_exists" if a
  // key with that name exists; kInvalidArgument "ca_key_name_invalid" for a
  // name other than [a-z0-9-]{1,32}.
  virtual Status Put(std::string_view name, EVP_PKEY* key) = 0;

  // The key stored under `name`. kNotFound "ca_key_not_found";
  // kUnauthenticated "ca_key_passphrase_wrong" when it cannot be decrypted.
  virtual Result<ossl::PkeyPtr> Get(std::string_view name) const = 0;
};

// Keys as `<dir>/<name>.key.pem`: PKCS#8 EncryptedPrivateKeyInfo, PBES2 with
// scrypt (N=2^14, r=8, p=1, RFC 7914) and AES-256-CBC, file mode 0600. The
// passphrase is held in memory as a SecretString and is never written, logged
// or put in a Status. `dir` must exist. Thread-safe (no mutable state).
class EncryptedFileKeyStore final : public KeyStore {
 public:
  // REQUIRES: passphrase is non-empty (the composition root rejects an
  // empty one at startup).
  EncryptedFileKeyStore(std::filesystem::path dir, SecretString passphrase);

  Status Put(std::string_view name, EVP_PKEY* key) override;
  Result<ossl::PkeyPtr> Get(std::string_view name) const override;

  std::filesystem::path PathFor(std::string_view name) const;

 private:
  std::filesystem::path dir_;
  SecretString passphrase_;
};

}  // namespace ams::ca
