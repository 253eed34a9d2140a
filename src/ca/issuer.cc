#include "ca/issuer.h"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>

#include "ca/cert_builder.h"
#include "ca/cert_encoder.h"
#include "ca/ossl/util.h"
#include "ca/public_key.h"
#include "ca/raw_signer.h"
#include "ca/serial.h"

namespace ams::ca {
namespace {

constexpr int kMaxValidityDays = 3650;

bool PrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// Configured URLs go into IA5Strings: http(s), printable ASCII, no spaces.
Status CheckProfileUrl(std::string_view url) {
  const bool scheme = url.substr(0, 7) == "http://" || url.substr(0, 8) == "https://";
  if (!scheme || !PrintableAscii(url) || url.size() > 1024) {
    return Status::Invalid("profile_invalid", "URL must be http(s) and printable ASCII");
  }
  return Status::Ok();
}

Status CheckProfile(const IssuanceProfile& profile) {
  if (profile.validity_days < 1 || profile.validity_days > kMaxValidityDays) {
    return Status::Invalid("profile_invalid", "validity_days must be 1..3650");
  }
  for (const std::string* url : {&profile.crl_url, &profile.ocsp_url, &profile.ca_issuers_url}) {
    if (!url->empty()) AMS_RETURN_IF_ERROR(CheckProfileUrl(*url));
  }
  return Status::Ok();
}

// rfc822Name is an IA5String (RFC 5280 §4.2.1.6); internationalised
// addresses would need SmtpUTF8Mailbox (RFC 9598), which we do not issue.
Status CheckEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (!PrintableAscii(email) || email.size() > 255 || at == 0 || at == std::string_view::npos ||
      at + 1 == email.size() || email.find('@', at + 1) != std::string_view::npos) {
    return Status::Invalid("subject_field_invalid", "e-mail must be ASCII local@domain");
  }
  return Status::Ok();
}

// RFC 5280 §4.1.2.6: an end-entity subject must be non-empty; the issue
// text fixes its attributes. Order: C, O, OU, title, CN (most general first).
Result<std::string> SubjectName(const SubjectInfo& s, const IssuanceProfile& profile) {
  if (s.full_name.empty() || s.email.empty()) {
    return Status::Invalid("subject_incomplete", "full name and e-mail are required");
  }
  using encode::Attribute;
  std::vector<encode::NameEntry> entries = {{Attribute::kCountry, "ID"}};
  if (!s.agency.empty()) entries.push_back({Attribute::kOrganization, s.agency});
  if (!s.unit.empty()) entries.push_back({Attribute::kOrganizationalUnit, s.unit});
  if (!s.position.empty()) entries.push_back({Attribute::kTitle, s.position});
  entries.push_back({Attribute::kCommonName, s.full_name});
  if (profile.include_nik_nip) {
    if (s.nik.has_value() && !s.nik->empty())
      entries.push_back({Attribute::kSerialNumber, "NIK:" + *s.nik});
    if (s.nip.has_value() && !s.nip->empty())
      entries.push_back({Attribute::kSerialNumber, "NIP:" + *s.nip});
  }
  return encode::Name(entries);
}

// RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits.
std::string Sha1KeyId(std::string_view key_bits) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // Fetched once: EVP_sha1() would be looked up in the provider each time.
  static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  if (EVP_Digest(key_bits.data(), key_bits.size(), md, &len, sha1, nullptr) != 1) return {};
  return std::string(reinterpret_cast<const char*>(md), len);
}

TimePoint Truncate(TimePoint t) { return FromUnixSeconds(ToUnixSeconds(t)); }

}  // namespace

Result<Issuer> Issuer::Create(const CaCredential& issuing_ca, Random& random) {
  if (!issuing_ca.key || !issuing_ca.cert) {
    return Status::FailedPrecondition("ca_key_not_loaded", "issuing CA key is not loaded");
  }
  Issuer issuer;
  X509* cert = issuing_ca.cert.get();
  AMS_ASSIGN_OR_RETURN(issuer.ca_not_before_, ossl::FromAsn1Time(X509_get0_notBefore(cert)));
  AMS_ASSIGN_OR_RETURN(issuer.ca_not_after_, ossl::FromAsn1Time(X509_get0_notAfter(cert)));
  AMS_ASSIGN_OR_RETURN(issuer.signature_algorithm_der_,
                       SignatureAlgorithmDer(issuing_ca.key.get()));
  issuer.issuer_name_der_ = ossl::ToDer(i2d_X509_NAME, X509_get_subject_name(cert));
  const ASN1_OCTET_STRING* skid = X509_get0_subject_key_id(cert);
  issuer.ca_key_id_ = skid != nullptr
                          ? std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(skid)),
                                        static_cast<size_t>(ASN1_STRING_length(skid)))
                          : KeyIdentifier(X509_get_X509_PUBKEY(cert));
  if (issuer.issuer_name_der_.empty() || issuer.ca_key_id_.empty()) {
    return ossl::InternalError("reading the issuing CA certificate");
  }
  issuer.ca_cert_ = ossl::UpRef(cert);
  issuer.ca_key_ = ossl::UpRef(issuing_ca.key.get());
  issuer.random_ = &random;
  return issuer;
}

Result<IssuedCertificate> Issuer::IssueForKey(const SubjectInfo& subject, EVP_PKEY* public_key,
                                              const IssuanceProfile& profile, TimePoint now) const {
  const std::string spki = ossl::ToDer(i2d_PUBKEY, public_key);
  if (spki.empty()) return ossl::InternalError("i2d_PUBKEY");
  return Issue(subject, spki, profile, now);
}

Result<IssuedCertificate> Issuer::Issue(const SubjectInfo& subject, std::string_view spki_der,
                                        const IssuanceProfile& profile, TimePoint now) const {
  // The same policy ParseCsr applied; checked again because a stored SPKI may
  // come from elsewhere (a renewal reusing a key).
  Result<SpkiView> spki = InspectSpki(spki_der);
  if (!spki.ok()) return Status::Invalid("public_key_invalid", spki.status().detail());
  AMS_RETURN_IF_ERROR(CheckProfile(profile));
  AMS_ASSIGN_OR_RETURN(const std::string policy_oid, encode::OidContents(profile.policy_oid));
  AMS_ASSIGN_OR_RETURN(const std::string subject_name, SubjectName(subject, profile));
  AMS_RETURN_IF_ERROR(CheckEmail(subject.email));

  const TimePoint not_before = Truncate(now);
  if (not_before < ca_not_before_ || not_before >= ca_not_after_) {
    return Status::FailedPrecondition("ca_expired", "now is outside the issuing CA's validity");
  }
  // Issue text: "never past the issuing CA" (RFC 5280 §6.1.3 would accept
  // it, but relying parties following the chain model would not).
  const TimePoint not_after =
      std::min(not_before + std::chrono::hours(24) * profile.validity_days, ca_not_after_);

  // Extension order: usage, SAN, key identifiers, CRL DP, AIA, policies.
  std::string extensions = encode::EndEntityUsageExtensions();
  extensions += encode::EmailSanExtension(subject.email);
  const std::string key_id = Sha1KeyId(spki->key);
  if (key_id.empty()) return ossl::InternalError("SHA-1 key identifier");
  extensions += encode::KeyIdExtensions(key_id, ca_key_id_);
  if (!profile.crl_url.empty())
    extensions += encode::CrlDistributionPointExtension(profile.crl_url);
  extensions += encode::AuthorityInfoAccessExtension(profile.ocsp_url, profile.ca_issuers_url);
  extensions += encode::CertificatePoliciesExtension(policy_oid);

  encode::TbsFields fields;
  fields.serial = NewSerial(*random_);
  fields.signature_algorithm = signature_algorithm_der_;
  fields.issuer = issuer_name_der_;
  fields.not_before = ToUnixSeconds(not_before);
  fields.not_after = ToUnixSeconds(not_after);
  fields.subject = subject_name;
  fields.spki = spki->der;
  fields.extensions = extensions;
  const std::string tbs = encode::TbsCertificate(fields);
  AMS_ASSIGN_OR_RETURN(const RawSignature sig, SignRaw(ca_key_.get(), tbs));

  IssuedCertificate out;
  out.serial_hex = SerialHex(fields.serial);
  out.der = encode::Certificate(tbs, sig.algorithm_der, sig.signature);
  out.not_before = not_before;
  out.not_after = not_after;
  return out;
}

}  // namespace ams::ca
