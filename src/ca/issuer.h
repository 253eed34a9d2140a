#pragma once

// The Issuer signs user certificates with the issuing CA key. Like boulder's
// CA it decides nothing about *whether* someone may have a certificate: the
// caller (workflow/) has done that and hands over a verified subject and a
// public key whose possession ParseCsr has proven.

#include <memory>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "ca/hierarchy.h"
#include "ca/ossl/ossl.h"
#include "ca/profile.h"

namespace ams::ca {

// An issued certificate. Plain value.
struct IssuedCertificate {
  std::string serial_hex;  // Canonical serial (ca/serial.h), 32 hex digits.
  std::string der;
  TimePoint not_before;
  TimePoint not_after;
};

// Holds references to the issuing CA certificate and private key (shared
// with the CaHierarchy it came from) and a Random it does not own.
// Thread-safe: Issue is const and the EVP_PKEY is only read (OpenSSL 3
// allows concurrent signing with one key); `random` must be thread-safe too
// (SecureRandom is). Copyable (copies share the key).
class Issuer {
 public:
  // kFailedPrecondition "ca_key_not_loaded" if `issuing_ca` has no key.
  // REQUIRES: `random` outlives the Issuer.
  static Result<Issuer> Create(const CaCredential& issuing_ca, Random& random);

  // Builds and signs a certificate for `subject` and `spki_der` (a
  // SubjectPublicKeyInfo, e.g. ParsedCsr::spki_der). notBefore = now,
  // notAfter = min(now + profile.validity_days, CA notAfter). Returns
  //   kInvalidArgument subject_incomplete     no full_name or no email
  //   kInvalidArgument subject_field_invalid  too long, non-ASCII e-mail
  //   kInvalidArgument public_key_invalid     spki_der does not decode or
  //                                           fails the key policy (ParseCsr's)
  //   kInvalidArgument profile_invalid        bad validity, URL or OID
  //   kFailedPrecondition ca_expired          now outside the CA's validity
  Result<IssuedCertificate> Issue(const SubjectInfo& subject, std::string_view spki_der,
                                  const IssuanceProfile& profile, TimePoint now) const;

  // Same as Issue, with the public key as an EVP_PKEY (used for keys AMS
  // generates itself, see pkcs12.h).
  Result<IssuedCertificate> IssueForKey(const SubjectInfo& subject, EVP_PKEY* public_key,
                                        const IssuanceProfile& profile, TimePoint now) const;

  X509* ca_cert() const { return ca_cert_.get(); }

 private:
  Issuer() = default;

  std::shared_ptr<X509> ca_cert_;
  std::shared_ptr<EVP_PKEY> ca_key_;
  Random* random_ = nullptr;
  TimePoint ca_not_before_;
  TimePoint ca_not_after_;
  // Precomputed once: the CA's subject Name DER (our issuer), its key
  // identifier (our AKI) and the AlgorithmIdentifier of its signatures.
  std::string issuer_name_der_;
  std::string ca_key_id_;
  std::string signature_algorithm_der_;
};

}  // namespace ams::ca
