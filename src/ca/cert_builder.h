#pragma once

// Building blocks for X.509 certificates shared by the CA hierarchy (CA and
// OCSP responder certificates) and the Issuer (user certificates). Free
// functions; thread-safe (they touch only the objects passed in).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "ca/ossl/ossl.h"

namespace ams::ca {

// One RDN attribute; the value is UTF-8. OpenSSL encodes it as UTF8String,
// except countryName, which X.520 fixes as PrintableString.
struct NameAttribute {
  int nid;
  std::string value;
};

// A Name of single-valued RDNs in the given order. kInvalidArgument
// "subject_field_invalid" if OpenSSL rejects a value (e.g. too long).
Result<ossl::X509NamePtr> BuildName(const std::vector<NameAttribute>& attributes);

// A v3 certificate with serial, names, validity and (unless null) public key
// set, and no extensions yet.
Result<ossl::X509Ptr> NewCertificate(const std::vector<uint8_t>& serial, X509_NAME* subject,
                                     X509_NAME* issuer, TimePoint not_before, TimePoint not_after,
                                     EVP_PKEY* public_key);

// Adds an extension from OpenSSL's config syntax, e.g.
// (NID_basic_constraints, "critical,CA:TRUE,pathlen:0"). `issuer` may be the
// certificate itself (self-signed).
Status AddConfExtension(X509* cert, X509* issuer, int nid, std::string_view value);

// Adds an extension from its OpenSSL structure (X509_add1_ext_i2d).
Status AddStructExtension(X509* cert, int nid, void* value, bool critical);

// RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING.
std::string KeyIdentifier(X509_PUBKEY* spki);

// Adds SKI (from the certificate's key) and AKI (keyIdentifier = the
// issuer's SKI). RFC 5280 §4.2.1.1/§4.2.1.2.
Status AddKeyIdentifiers(X509* cert, X509* issuer);

// Signs with the digest DigestFor(key). kInternal on failure.
Status SignCertificate(X509* cert, EVP_PKEY* key);

}  // namespace ams::ca
