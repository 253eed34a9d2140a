#pragma once

// The delegated OCSP responder (RFC 6960 §2.6, §4.2.2.2): answers for
// certificates of the issuing CA and signs with the responder certificate
// of the hierarchy (id-kp-OCSPSigning, ocsp-nocheck), which it includes in
// every response. Status comes from the caller (storage), one serial at a
// time; this module never reads storage itself.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "ca/hierarchy.h"
#include "ca/ocsp.h"
#include "ca/ossl/ossl.h"
#include "ca/revocation_reason.h"

namespace ams::ca {

// The status of one certificate. Plain value.
struct CertStatus {
  enum class Kind { kGood, kRevoked, kUnknown };
  Kind kind = Kind::kUnknown;
  TimePoint revoked_at;                                      // kRevoked only.
  RevocationReason reason = RevocationReason::kUnspecified;  // kRevoked only.

  static CertStatus Good() { return {Kind::kGood, {}, RevocationReason::kUnspecified}; }
  static CertStatus Unknown() { return {Kind::kUnknown, {}, RevocationReason::kUnspecified}; }
  static CertStatus Revoked(TimePoint at, RevocationReason reason) {
    return {Kind::kRevoked, at, reason};
  }
};

// Looks up a serial (canonical hex) issued by the issuing CA: kGood if we
// issued it and it is not revoked, kRevoked, or kUnknown if we never issued
// it. Called once per matching CertID, on the caller's thread.
using CertStatusLookup = std::function<CertStatus(const std::string& serial_hex)>;

// responseStatus values of an unsuccessful OCSPResponse (RFC 6960 §4.2.1).
enum class OcspError {
  kMalformedRequest = 1,
  kInternalError = 2,
  kTryLater = 3,
  kSigRequired = 5,
  kUnauthorized = 6,
};

// An unsigned OCSPResponse carrying only `error` (no responseBytes).
std::string OcspErrorResponse(OcspError error);

// Holds references to the responder certificate and key and to the issuing
// CA certificate. Thread-safe: all methods are const and only read them.
class OcspResponder {
 public:
  // kFailedPrecondition "ca_key_not_loaded" if `responder` has no key.
  static Result<OcspResponder> Create(const CaCredential& responder,
                                      const CaCredential& issuing_ca);

  // A signed, successful OCSPResponse with one SingleResponse per CertID of
  // `request`, in order: the lookup's status for CertIDs naming our issuing
  // CA, kUnknown for any other issuer (without calling `lookup`).
  // thisUpdate = now, nextUpdate = now + validity; the nonce, if any, is
  // echoed. producedAt is set by OpenSSL from the system clock.
  // kInvalidArgument "ocsp_validity_invalid" if validity is not positive;
  // kFailedPrecondition "ocsp_responder_expired" if `now` is outside the
  // responder certificate's validity (clients would reject the response);
  // kInternal if signing fails (answer with OcspError::kInternalError).
  Result<std::string> Respond(const OcspRequestInfo& request, const CertStatusLookup& lookup,
                              TimePoint now, std::chrono::seconds validity) const;

  // A response for one serial of the issuing CA without a nonce, with a
  // SHA-1 CertID (RFC 5019 §2.1.1, what clients send), for the web layer to
  // cache and serve to every request whose CacheKey() is `serial_hex`.
  // kInvalidArgument "serial_malformed" for a bad serial.
  Result<std::string> SignBasicResponse(const std::string& serial_hex, const CertStatus& status,
                                        TimePoint now, std::chrono::seconds validity) const;

  // The cache key (serial hex) if a pre-signed SignBasicResponse answers
  // `request` exactly: one CertID, SHA-1, naming our issuing CA, and no
  // nonce. Otherwise nullopt: sign a fresh response with Respond.
  std::optional<std::string> CacheKey(const OcspRequestInfo& request) const;

  // True if `id` names our issuing CA (name and key hash match under the
  // CertID's hash algorithm).
  bool IsOurIssuer(const OcspCertId& id) const;

 private:
  OcspResponder() = default;
  Status CheckValidity(TimePoint now, std::chrono::seconds validity) const;
  Result<std::string> Sign(OCSP_BASICRESP* basic) const;

  std::shared_ptr<X509> responder_cert_;
  std::shared_ptr<EVP_PKEY> responder_key_;
  std::shared_ptr<X509> issuer_cert_;
  TimePoint responder_not_before_;
  TimePoint responder_not_after_;
  std::string issuer_name_der_;
  std::string issuer_key_bits_;  // subjectPublicKey BIT STRING contents.
  // SHA-1 hashes, precomputed for the common case.
  std::string sha1_name_hash_;
  std::string sha1_key_hash_;
};

}  // namespace ams::ca
