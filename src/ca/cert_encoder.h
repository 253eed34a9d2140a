#pragma once

// DER encoding of end-entity certificates (RFC 5280 §4.1) with our own
// writer (ca/der.h). OpenSSL 3.0's X509 object API costs ~100 µs of
// allocation, name canonicalisation and re-encoding per certificate, about as
// much as the signature itself; encoding the few fields we use directly keeps
// issuance near the cost of one ECDSA signature. The signature is still made
// by EVP_DigestSign (ca/raw_signer.h). Interop tests check every field with
// openssl, certtool and python cryptography. Free functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace ams::ca::encode {

// AttributeType of the Name attributes we write (X.520).
enum class Attribute {
  kCountry,
  kOrganization,
  kOrganizationalUnit,
  kTitle,
  kCommonName,
  kSerialNumber
};

struct NameEntry {
  Attribute type;
  std::string value;  // UTF-8; PrintableString for kCountry.
};

// A Name of single-valued RDNs. kInvalidArgument "subject_field_invalid" for
// invalid UTF-8, an empty value, more than 64 characters (RFC 5280 Appendix
// A upper bounds), or a country that is not two letters.
Result<std::string> Name(const std::vector<NameEntry>& entries);

// OBJECT IDENTIFIER contents from dotted decimal ("2.16.360.1.1.1.1").
// kInvalidArgument "profile_invalid" when not a valid OID.
Result<std::string> OidContents(std::string_view dotted);

// Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }.
// `oid` is the OID's contents, `value` the DER that goes in the OCTET STRING.
std::string Extension(std::string_view oid, bool critical, std::string_view value);

// The end-entity extensions whose value does not depend on the subject, as
// concatenated Extension DERs: basicConstraints CA:FALSE (critical), keyUsage
// digitalSignature + nonRepudiation (critical), extendedKeyUsage
// emailProtection + documentSigning (RFC 9336; not critical, as the S/MIME
// Baseline Requirements want for leaf certificates).
std::string EndEntityUsageExtensions();
// subjectAltName with one rfc822Name. REQUIRES: `email` is ASCII.
std::string EmailSanExtension(std::string_view email);
std::string KeyIdExtensions(std::string_view subject_key_id, std::string_view authority_key_id);
std::string CrlDistributionPointExtension(std::string_view url);
std::string AuthorityInfoAccessExtension(std::string_view ocsp_url,
                                         std::string_view ca_issuers_url);
std::string CertificatePoliciesExtension(std::string_view policy_oid_contents);

// The fields of a v3 TBSCertificate.
struct TbsFields {
  std::vector<uint8_t> serial;           // Positive magnitude.
  std::string_view signature_algorithm;  // AlgorithmIdentifier DER.
  std::string_view issuer;               // Name DER.
  int64_t not_before = 0;                // Unix seconds.
  int64_t not_after = 0;
  std::string_view subject;     // Name DER.
  std::string_view spki;        // SubjectPublicKeyInfo DER.
  std::string_view extensions;  // Concatenated Extension DERs.
};
std::string TbsCertificate(const TbsFields& fields);

// Certificate ::= SEQUENCE { tbs, signatureAlgorithm, signatureValue BIT STRING }.
std::string Certificate(std::string_view tbs, std::string_view algorithm,
                        std::string_view signature);

}  // namespace ams::ca::encode
