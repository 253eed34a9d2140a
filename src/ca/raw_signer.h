#pragma once

// Signs DER we encoded ourselves (ca/der.h): returns the signature and the
// AlgorithmIdentifier that goes next to it. Uses EVP_DigestSign with the
// digest DigestFor(key) (SHA-256, SHA-384 for P-384). Free functions;
// thread-safe (each call has its own EVP_MD_CTX, copied from one each
// thread initialised for the key; the key is only read).

#include <string>
#include <string_view>

#include "base/result.h"
#include "ca/ossl/ossl.h"

namespace ams::ca {

struct RawSignature {
  std::string algorithm_der;  // AlgorithmIdentifier, e.g. ecdsa-with-SHA256.
  std::string signature;      // Raw signature value (an ECDSA-Sig-Value for EC).
};

// kInternal if OpenSSL fails.
Result<RawSignature> SignRaw(EVP_PKEY* key, std::string_view data);

// Just the AlgorithmIdentifier SignRaw would use, without signing.
Result<std::string> SignatureAlgorithmDer(EVP_PKEY* key);

}  // namespace ams::ca
