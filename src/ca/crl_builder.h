#pragma once

// Builds the issuing CA's CRL (RFC 5280 §5): a complete v2 CRL with the
// crlNumber and authorityKeyIdentifier extensions and a reasonCode entry
// extension for every reason but unspecified (§5.3.1: absent rather than
// unspecified). The caller (workflow/) owns the revocation list and the
// CRL number sequence; this module only encodes and signs.

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "ca/hierarchy.h"
#include "ca/ossl/ossl.h"
#include "ca/revocation_reason.h"

namespace ams::ca {

// One revoked certificate. Plain value.
struct CrlEntry {
  std::vector<uint8_t> serial;  // Big-endian magnitude (ParseSerialHex gives it).
  TimePoint revoked_at;
  RevocationReason reason = RevocationReason::kUnspecified;
};

// Encodes the TBSCertList with our own DER writer (ca/der.h), 10x faster than
// X509_CRL_add0_revoked + i2d for a million entries, and signs it with
// EVP_DigestSign using the CA key. Entries are written in the order given.
// Returns the CRL's DER, or
//   kInvalidArgument crl_times_invalid    next_update <= this_update
//   kInvalidArgument crl_number_invalid   crl_number < 0
//   kInvalidArgument serial_malformed     an entry with an empty or > 20-octet serial
//   kInternal                             signing failed
// Thread-safe: reads the certificate and key only.
Result<std::string> BuildCrl(X509* ca_cert, EVP_PKEY* ca_key, const std::vector<CrlEntry>& entries,
                             int64_t crl_number, TimePoint this_update, TimePoint next_update);

// The same with the issuing CA credential. kFailedPrecondition
// "ca_key_not_loaded" if it has no key.
Result<std::string> BuildCrl(const CaCredential& ca, const std::vector<CrlEntry>& entries,
                             int64_t crl_number, TimePoint this_update, TimePoint next_update);

}  // namespace ams::ca
