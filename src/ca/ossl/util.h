#pragma once

// Small helpers over OpenSSL shared by the CA module: the error queue as a
// Status detail, DER/PEM conversion into std::string, and time conversion.
// All functions are thread-safe (the error queue is per thread).

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "base/status.h"
#include "ca/ossl/ossl.h"

namespace ams::ca::ossl {

// Empties this thread's OpenSSL error queue and returns it as one line, e.g.
// "error:0480006C:PEM routines::no start line; ...". Empty if the queue was.
std::string DrainErrors();

// Status::Internal("<what>: <drained error queue>").
Status InternalError(std::string_view what);

// Status with the given code/reason whose detail carries the error queue;
// used where OpenSSL rejected *input* rather than failed internally.
Status InputError(std::string reason, std::string_view what);

// DER encoding through any i2d_* function; empty on failure.
template <typename T, typename F>
std::string ToDer(F i2d, T* obj) {
  unsigned char* buf = nullptr;
  const int len = i2d(obj, &buf);
  if (len <= 0 || buf == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(buf), static_cast<size_t>(len));
  OPENSSL_free(buf);
  return out;
}

// A read-only memory BIO over `data`, which must outlive it.
BioPtr MemBio(std::string_view data);
// Everything written to a memory BIO.
std::string BioContents(BIO* bio);

// The certificate as PEM ("-----BEGIN CERTIFICATE-----...").
std::string CertToPem(X509* cert);
// Parses a certificate from DER, or from PEM when it starts with "-----BEGIN".
Result<X509Ptr> ParseCert(std::string_view pem_or_der);

// Seconds-precision conversion. RFC 5280 §4.1.2.5: ASN1_TIME_set picks
// UTCTime through 2049 and GeneralizedTime from 2050 on.
Asn1TimePtr ToAsn1Time(TimePoint t);
Result<TimePoint> FromAsn1Time(const ASN1_TIME* t);

// The signing digest we pair with a CA key: SHA-384 for P-384, else SHA-256.
// Returns nullptr for keys that sign without a separate digest (Ed25519).
const EVP_MD* DigestFor(EVP_PKEY* key);

}  // namespace ams::ca::ossl
