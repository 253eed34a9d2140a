#pragma once

// PKCS#10 certificate requests (RFC 2986) as AMS accepts them: the CSR is
// only a proof of possession of a public key. Its subject, attributes and
// requested extensions are ignored by design: the certificate's subject comes
// from the applicant's verified identity (issue text, "subject only from the
// current verified identity version, never the CSR").

#include <string>
#include <string_view>

#include "base/result.h"

namespace ams::ca {

// Largest CSR accepted, PEM or DER. An RSA-8192 CSR is under 3 KiB of PEM.
inline constexpr size_t kMaxCsrBytes = 64 * 1024;

// What AMS keeps from a CSR. Plain value; thread-safe.
struct ParsedCsr {
  std::string spki_der;  // SubjectPublicKeyInfo, DER: the input to Issuer::Issue.
  std::string key_type;  // "rsa-2048", "rsa-4096", "ec-p256", "ec-p384", "ed25519".
};

// Parses a CSR from PEM ("-----BEGIN CERTIFICATE REQUEST-----" or the
// "NEW CERTIFICATE REQUEST" variant) or DER, applies the key policy, then
// verifies the self-signature. All failures are kInvalidArgument:
//   csr_too_large          more than kMaxCsrBytes
//   csr_malformed          not a CSR, truncated, trailing bytes, bad PEM
//   csr_key_unsupported    DSA, RSA-PSS-only, other curves, RSA > 8192 bits
//   csr_key_too_weak       RSA < 2048 bits, EC curves below P-256 (P-224, P-192)
//   csr_signature_invalid  the self-signature does not verify (no proof of
//                          possession)
// The key policy runs before the signature check so that an oversized key
// costs nothing to reject. Thread-safe.
Result<ParsedCsr> ParseCsr(std::string_view pem_or_der);

}  // namespace ams::ca
