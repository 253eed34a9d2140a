#include "ca/hierarchy.h"

#include <algorithm>
#include <chrono>

#include "ca/cert_builder.h"
#include "ca/file_util.h"
#include "ca/ossl/util.h"
#include "ca/serial.h"

namespace ams::ca {
namespace {

using std::chrono::hours;

TimePoint Truncate(TimePoint t) { return FromUnixSeconds(ToUnixSeconds(t)); }

Result<TimePoint> NotAfterOf(X509* cert) { return ossl::FromAsn1Time(X509_get0_notAfter(cert)); }

// Builds and signs one certificate. `issuer` null means self-signed.
Result<CaCredential> MakeCredential(const char* name, const std::string& common_name,
                                    const HierarchyOptions& options, int validity_days,
                                    TimePoint now, const CaCredential* issuer, Random& random,
                                    const std::vector<std::pair<int, std::string>>& extensions) {
  // Beyond 100 years the TimePoint arithmetic below would overflow.
  if (validity_days <= 0 || validity_days > 36500) {
    return Status::Invalid("profile_invalid", "validity must be 1..36500 days");
  }
  AMS_ASSIGN_OR_RETURN(ossl::PkeyPtr key, GenerateKey(options.key_spec));
  AMS_ASSIGN_OR_RETURN(ossl::X509NamePtr subject,
                       BuildName({{NID_countryName, options.country},
                                  {NID_organizationName, options.organization},
                                  {NID_commonName, common_name}}));
  TimePoint not_after = now + hours(24) * validity_days;
  if (issuer != nullptr) {
    // RFC 5280 §6.1.3 does not require nesting, but a CA certificate outliving
    // its issuer is useless after that date: clamp.
    AMS_ASSIGN_OR_RETURN(TimePoint issuer_end, NotAfterOf(issuer->cert.get()));
    not_after = std::min(not_after, issuer_end);
  }
  X509_NAME* issuer_name = issuer ? X509_get_subject_name(issuer->cert.get()) : subject.get();
  AMS_ASSIGN_OR_RETURN(ossl::X509Ptr cert, NewCertificate(NewSerial(random), subject.get(),
                                                          issuer_name, now, not_after, key.get()));
  X509* issuer_cert = issuer ? issuer->cert.get() : cert.get();
  for (const auto& [nid, value] : extensions) {
    AMS_RETURN_IF_ERROR(AddConfExtension(cert.get(), issuer_cert, nid, value));
  }
  AMS_RETURN_IF_ERROR(AddKeyIdentifiers(cert.get(), issuer_cert));
  EVP_PKEY* signer = issuer ? issuer->key.get() : key.get();
  AMS_RETURN_IF_ERROR(SignCertificate(cert.get(), signer));
  CaCredential out;
  out.name = name;
  out.der = ossl::ToDer(i2d_X509, cert.get());
  out.cert = std::move(cert);
  out.key = std::move(key);
  return out;
}

Result<CaCredential> MakeOcsp(const HierarchyOptions& options, TimePoint now,
                              const CaCredential& issuing, Random& random) {
  return MakeCredential(CaHierarchy::kOcspName, options.ocsp_common_name, options,
                        options.ocsp_validity_days, now, &issuing, random,
                        {{NID_basic_constraints, "critical,CA:FALSE"},
                         {NID_key_usage, "critical,digitalSignature"},
                         {NID_ext_key_usage, "OCSPSigning"},
                         // RFC 6960 §4.2.2.2.1: clients need not check the
                         // responder certificate's own revocation status.
                         {NID_id_pkix_OCSP_noCheck, "ignored"}});
}

Result<CaCredential> LoadCredential(const std::filesystem::path& dir, const char* name,
                                    const KeyStore* keys) {
  AMS_ASSIGN_OR_RETURN(const std::string pem,
                       ReadFile(dir / (std::string(name) + ".pem"), "ca_not_initialized", 1 << 20));
  AMS_ASSIGN_OR_RETURN(ossl::X509Ptr cert, ossl::ParseCert(pem));
  CaCredential out;
  out.name = name;
  if (keys != nullptr) {
    AMS_ASSIGN_OR_RETURN(out.key, keys->Get(name));
    if (X509_check_private_key(cert.get(), out.key.get()) != 1) {
      return Status::FailedPrecondition(
          "ca_key_mismatch",
          std::string("key does not match ") + name + ".pem: " + ossl::DrainErrors());
    }
  }
  out.der = ossl::ToDer(i2d_X509, cert.get());
  out.cert = std::move(cert);
  return out;
}

}  // namespace

Result<CaHierarchy> CaHierarchy::Create(const HierarchyOptions& options, const Clock& clock,
                                        Random& random) {
  const TimePoint now = Truncate(clock.Now());
  CaHierarchy h;
  AMS_ASSIGN_OR_RETURN(h.root_, MakeCredential(kRootName, options.root_common_name, options,
                                               options.root_validity_days, now, nullptr, random,
                                               {{NID_basic_constraints, "critical,CA:TRUE"},
                                                {NID_key_usage, "critical,keyCertSign,cRLSign"}}));
  AMS_ASSIGN_OR_RETURN(h.issuing_,
                       MakeCredential(kIssuingName, options.issuing_common_name, options,
                                      options.issuing_validity_days, now, &h.root_, random,
                                      {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                                       {NID_key_usage, "critical,keyCertSign,cRLSign"}}));
  AMS_ASSIGN_OR_RETURN(h.ocsp_, MakeOcsp(options, now, h.issuing_, random));
  return h;
}

Status CaHierarchy::Save(const std::filesystem::path& dir, KeyStore& keys) const {
  // Refuse before writing anything, so a half-written CA never appears.
  for (const CaCredential* c : {&root_, &issuing_, &ocsp_}) {
    std::error_code ec;
    if (std::filesystem::exists(dir / (c->name + ".pem"), ec)) {
      return Status::Conflict("ca_file_exists", "a CA already exists in " + dir.string());
    }
  }
  // Keys first: certificates without keys would make Load fail later.
  for (const CaCredential* c : {&root_, &issuing_, &ocsp_}) {
    if (c->key) AMS_RETURN_IF_ERROR(keys.Put(c->name, c->key.get()));
  }
  for (const CaCredential* c : {&root_, &issuing_, &ocsp_}) {
    AMS_RETURN_IF_ERROR(
        WriteFileAtomic(dir / (c->name + ".pem"), ossl::CertToPem(c->cert.get()), 0644, false));
  }
  return Status::Ok();
}

Result<CaHierarchy> CaHierarchy::Load(const std::filesystem::path& dir, const KeyStore& keys) {
  CaHierarchy h;
  AMS_ASSIGN_OR_RETURN(h.root_, LoadCredential(dir, kRootName, nullptr));
  AMS_ASSIGN_OR_RETURN(h.issuing_, LoadCredential(dir, kIssuingName, &keys));
  AMS_ASSIGN_OR_RETURN(h.ocsp_, LoadCredential(dir, kOcspName, &keys));
  EVP_PKEY* root_pub = X509_get0_pubkey(h.root_.cert.get());
  EVP_PKEY* issuing_pub = X509_get0_pubkey(h.issuing_.cert.get());
  if (X509_verify(h.issuing_.cert.get(), root_pub) != 1 ||
      X509_verify(h.ocsp_.cert.get(), issuing_pub) != 1) {
    return Status::FailedPrecondition("ca_chain_broken",
                                      "CA certificates do not chain: " + ossl::DrainErrors());
  }
  return h;
}

}  // namespace ams::ca
