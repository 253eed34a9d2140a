#pragma once

// The extensions of an end-entity (user) certificate, built from OpenSSL's
// ASN.1 structures rather than config strings so that a URL containing a
// comma cannot inject another value. Free functions; thread-safe.

#include <string>
#include <string_view>

#include "base/status.h"
#include "ca/ossl/ossl.h"

namespace ams::ca {

// id-kp-documentSigning, RFC 9336.
inline constexpr const char* kDocumentSigningOid = "1.3.6.1.5.5.7.3.36";

// basicConstraints CA:FALSE (critical), keyUsage digitalSignature +
// nonRepudiation (critical), extendedKeyUsage emailProtection +
// documentSigning (not critical: RFC 9336 §3 leaves it to the profile; we
// follow the S/MIME BR, which forbid critical EKU for leaf certificates).
Status AddEndEntityUsage(X509* cert);

// subjectAltName with one rfc822Name. kInvalidArgument
// "subject_field_invalid" unless `email` is printable ASCII with one '@'.
Status AddEmailSan(X509* cert, std::string_view email);

// cRLDistributionPoints with one fullName URI (RFC 5280 §4.2.1.13).
Status AddCrlDistributionPoint(X509* cert, std::string_view url);

// authorityInfoAccess with id-ad-ocsp and/or id-ad-caIssuers URIs; an empty
// URL leaves its AccessDescription out (RFC 5280 §4.2.2.1).
Status AddAuthorityInfoAccess(X509* cert, std::string_view ocsp_url,
                              std::string_view ca_issuers_url);

// certificatePolicies with one policy OID and no qualifiers.
// kInvalidArgument "profile_invalid" if `oid` is not dotted decimal.
Status AddCertificatePolicy(X509* cert, std::string_view oid);

// Checks a configured URL: http:// or https://, printable ASCII, no spaces.
Status CheckProfileUrl(std::string_view url);

}  // namespace ams::ca
