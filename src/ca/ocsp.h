#pragma once

// OCSP requests (RFC 6960 §4.1) as the responder needs them: the CertIDs
// asked about and the nonce to echo. The request's optional signature is
// ignored (§4.1.2: responders MAY require it; we do not). Plain values and
// pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace ams::ca {

// Largest request accepted. A request for one certificate with a nonce is
// about 120 bytes; even a signed one with a chain stays far below this.
inline constexpr size_t kMaxOcspRequestBytes = 16 * 1024;
// Most CertIDs answered in one request (each costs a status lookup).
inline constexpr size_t kMaxOcspCertIds = 16;

// CertID (RFC 6960 §4.1.1). Plain value.
struct OcspCertId {
  std::string hash_algorithm;    // OpenSSL short name: "SHA1", "SHA256", ...
  std::string issuer_name_hash;  // Raw bytes.
  std::string issuer_key_hash;   // Raw bytes.
  std::string serial_hex;        // Canonical serial (ca/serial.h).
  std::string der;               // The CertID as sent, echoed in the response.
};

// A parsed request. Plain value.
struct OcspRequestInfo {
  std::vector<OcspCertId> cert_ids;  // At least one, at most kMaxOcspCertIds.
  // The nonce extension's extnValue as sent (normally an OCTET STRING
  // holding 1..32 octets, RFC 8954), echoed verbatim; nullopt if absent.
  std::optional<std::string> nonce;
};

// Parses a DER OCSPRequest (the body of a POST, or the base64-decoded GET
// path). kInvalidArgument with reason
//   ocsp_request_too_large   more than kMaxOcspRequestBytes or kMaxOcspCertIds
//   ocsp_request_malformed   anything else that is not a valid request:
//                            garbage, truncated, trailing bytes, no CertID,
//                            a nonce longer than 32 octets (RFC 8954 §2.1)
// The web layer answers both with OcspErrorResponse(kMalformedRequest).
Result<OcspRequestInfo> ParseOcspRequest(std::string_view der);

}  // namespace ams::ca
