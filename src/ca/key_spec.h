#pragma once

// The key algorithm of a CA key or of a key AMS generates for a user
// (GenerateKeyAndPkcs12). Plain values and pure functions: thread-safe.

#include <string_view>

#include "base/result.h"
#include "ca/ossl/ossl.h"

namespace ams::ca {

enum class KeySpec {
  kEcP256,  // Default.
  kEcP384,
  kRsa2048,
  kRsa3072,
};

// "ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072"; anything else returns
// kInvalidArgument "key_spec_unknown".
Result<KeySpec> ParseKeySpec(std::string_view name);
const char* ToString(KeySpec spec);

// A fresh key pair. kInternal only if OpenSSL fails.
Result<ossl::PkeyPtr> GenerateKey(KeySpec spec);

}  // namespace ams::ca
