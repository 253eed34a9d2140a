#include "ca/key_spec.h"

#include <string>

#include "ca/ossl/util.h"

namespace ams::ca {

Result<KeySpec> ParseKeySpec(std::string_view name) {
  if (name == "ecdsa-p256") return KeySpec::kEcP256;
  if (name == "ecdsa-p384") return KeySpec::kEcP384;
  if (name == "rsa-2048") return KeySpec::kRsa2048;
  if (name == "rsa-3072") return KeySpec::kRsa3072;
  return Status::Invalid("key_spec_unknown", "unknown key algorithm: " + std::string(name));
}

const char* ToString(KeySpec spec) {
  switch (spec) {
    case KeySpec::kEcP256:
      return "ecdsa-p256";
    case KeySpec::kEcP384:
      return "ecdsa-p384";
    case KeySpec::kRsa2048:
      return "rsa-2048";
    case KeySpec::kRsa3072:
      return "rsa-3072";
  }
  return "ecdsa-p256";
}

Result<ossl::PkeyPtr> GenerateKey(KeySpec spec) {
  EVP_PKEY* key = nullptr;
  switch (spec) {
    case KeySpec::kEcP256:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case KeySpec::kEcP384:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
      break;
    case KeySpec::kRsa2048:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048});
      break;
    case KeySpec::kRsa3072:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{3072});
      break;
  }
  if (key == nullptr)
    return ossl::InternalError(std::string("generating ") + ToString(spec) + " key");
  return ossl::PkeyPtr(key);
}

}  // namespace ams::ca
