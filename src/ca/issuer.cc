#include "ca/issuer.h"

#include <algorithm>
#include <chrono>

#include "ca/cert_builder.h"
#include "ca/extensions.h"
#include "ca/ossl/util.h"
#include "ca/serial.h"

namespace ams::ca {
namespace {

constexpr int kMaxValidityDays = 3650;

Status CheckProfile(const IssuanceProfile& profile) {
  if (profile.validity_days < 1 || profile.validity_days > kMaxValidityDays) {
    return Status::Invalid("profile_invalid", "validity_days must be 1..3650");
  }
  for (const std::string* url : {&profile.crl_url, &profile.ocsp_url, &profile.ca_issuers_url}) {
    if (!url->empty()) AMS_RETURN_IF_ERROR(CheckProfileUrl(*url));
  }
  return Status::Ok();
}

// RFC 5280 §4.1.2.6: the subject of an end-entity certificate must be
// non-empty; the issue text fixes its attributes.
Result<ossl::X509NamePtr> SubjectName(const SubjectInfo& s, const IssuanceProfile& profile) {
  if (s.full_name.empty() || s.email.empty()) {
    return Status::Invalid("subject_incomplete", "full name and e-mail are required");
  }
  std::vector<NameAttribute> attrs = {{NID_countryName, "ID"}};
  if (!s.agency.empty()) attrs.push_back({NID_organizationName, s.agency});
  if (!s.unit.empty()) attrs.push_back({NID_organizationalUnitName, s.unit});
  if (!s.position.empty()) attrs.push_back({NID_title, s.position});
  attrs.push_back({NID_commonName, s.full_name});
  if (profile.include_nik_nip) {
    if (s.nik.has_value() && !s.nik->empty()) attrs.push_back({NID_serialNumber, "NIK:" + *s.nik});
    if (s.nip.has_value() && !s.nip->empty()) attrs.push_back({NID_serialNumber, "NIP:" + *s.nip});
  }
  return BuildName(attrs);
}

TimePoint Truncate(TimePoint t) { return FromUnixSeconds(ToUnixSeconds(t)); }

}  // namespace

Issuer::Issuer(ossl::X509Ptr cert, ossl::PkeyPtr key, Random& random, TimePoint ca_not_before,
               TimePoint ca_not_after)
    : ca_cert_(std::move(cert)),
      ca_key_(std::move(key)),
      random_(&random),
      ca_not_before_(ca_not_before),
      ca_not_after_(ca_not_after) {}

Result<Issuer> Issuer::Create(const CaCredential& issuing_ca, Random& random) {
  if (!issuing_ca.key || !issuing_ca.cert) {
    return Status::FailedPrecondition("ca_key_not_loaded", "issuing CA key is not loaded");
  }
  AMS_ASSIGN_OR_RETURN(TimePoint not_before,
                       ossl::FromAsn1Time(X509_get0_notBefore(issuing_ca.cert.get())));
  AMS_ASSIGN_OR_RETURN(TimePoint not_after,
                       ossl::FromAsn1Time(X509_get0_notAfter(issuing_ca.cert.get())));
  return Issuer(ossl::UpRef(issuing_ca.cert.get()), ossl::UpRef(issuing_ca.key.get()), random,
                not_before, not_after);
}

Result<IssuedCertificate> Issuer::Issue(const SubjectInfo& subject, std::string_view spki_der,
                                        const IssuanceProfile& profile, TimePoint now) const {
  const auto* p = reinterpret_cast<const unsigned char*>(spki_der.data());
  ossl::PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_der.size())));
  if (!key) return ossl::InputError("public_key_invalid", "SubjectPublicKeyInfo does not decode");
  return IssueForKey(subject, key.get(), profile, now);
}

Result<IssuedCertificate> Issuer::IssueForKey(const SubjectInfo& subject, EVP_PKEY* public_key,
                                              const IssuanceProfile& profile,
                                              TimePoint now) const {
  AMS_RETURN_IF_ERROR(CheckProfile(profile));
  const TimePoint not_before = Truncate(now);
  if (not_before < ca_not_before_ || not_before >= ca_not_after_) {
    return Status::FailedPrecondition("ca_expired", "now is outside the issuing CA's validity");
  }
  // Issue text: "never past the issuing CA" (RFC 5280 §6.1.3 would accept
  // it, but relying parties following the chain model would not).
  const TimePoint not_after =
      std::min(not_before + std::chrono::hours(24) * profile.validity_days, ca_not_after_);

  AMS_ASSIGN_OR_RETURN(ossl::X509NamePtr name, SubjectName(subject, profile));
  const std::vector<uint8_t> serial = NewSerial(*random_);
  AMS_ASSIGN_OR_RETURN(
      ossl::X509Ptr cert,
      NewCertificate(serial, name.get(), X509_get_subject_name(ca_cert_.get()), not_before,
                     not_after, public_key));
  X509* c = cert.get();
  AMS_RETURN_IF_ERROR(AddEndEntityUsage(c));
  AMS_RETURN_IF_ERROR(AddEmailSan(c, subject.email));
  AMS_RETURN_IF_ERROR(AddKeyIdentifiers(c, ca_cert_.get()));
  if (!profile.crl_url.empty()) AMS_RETURN_IF_ERROR(AddCrlDistributionPoint(c, profile.crl_url));
  AMS_RETURN_IF_ERROR(AddAuthorityInfoAccess(c, profile.ocsp_url, profile.ca_issuers_url));
  AMS_RETURN_IF_ERROR(AddCertificatePolicy(c, profile.policy_oid));
  AMS_RETURN_IF_ERROR(SignCertificate(c, ca_key_.get()));

  IssuedCertificate out;
  out.serial_hex = SerialHex(serial);
  out.der = ossl::ToDer(i2d_X509, c);
  if (out.der.empty()) return ossl::InternalError("encoding certificate");
  out.not_before = not_before;
  out.not_after = not_after;
  return out;
}

}  // namespace ams::ca
