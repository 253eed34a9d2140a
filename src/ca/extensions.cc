#include "ca/extensions.h"

#include <algorithm>
#include <string>

#include "ca/cert_builder.h"
#include "ca/ossl/util.h"

namespace ams::ca {
namespace {

bool PrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// A GENERAL_NAME of type `type` (GEN_URI or GEN_EMAIL) holding an IA5String.
ossl::GeneralNamePtr Ia5Name(int type, std::string_view value) {
  ossl::GeneralNamePtr name(GENERAL_NAME_new());
  ASN1_IA5STRING* s = ASN1_IA5STRING_new();
  if (!name || s == nullptr || ASN1_STRING_set(s, value.data(), static_cast<int>(value.size())) != 1) {
    ASN1_IA5STRING_free(s);
    return nullptr;
  }
  GENERAL_NAME_set0_value(name.get(), type, s);
  return name;
}

struct AiaDeleter {
  void operator()(AUTHORITY_INFO_ACCESS* a) const {
    sk_ACCESS_DESCRIPTION_pop_free(a, ACCESS_DESCRIPTION_free);
  }
};
struct CrlDpDeleter {
  void operator()(CRL_DIST_POINTS* d) const { sk_DIST_POINT_pop_free(d, DIST_POINT_free); }
};
struct PoliciesDeleter {
  void operator()(CERTIFICATEPOLICIES* p) const { sk_POLICYINFO_pop_free(p, POLICYINFO_free); }
};

}  // namespace

Status CheckProfileUrl(std::string_view url) {
  const bool scheme = url.substr(0, 7) == "http://" || url.substr(0, 8) == "https://";
  if (!scheme || !PrintableAscii(url) || url.size() > 1024) {
    return Status::Invalid("profile_invalid", "URL must be http(s) and printable ASCII");
  }
  return Status::Ok();
}

Status AddEndEntityUsage(X509* cert) {
  ossl::BasicConstraintsPtr bc(BASIC_CONSTRAINTS_new());
  if (!bc) return ossl::InternalError("BASIC_CONSTRAINTS_new");
  bc->ca = 0;
  AMS_RETURN_IF_ERROR(AddStructExtension(cert, NID_basic_constraints, bc.get(), true));

  ossl::Asn1BitStringPtr ku(ASN1_BIT_STRING_new());
  if (!ku || ASN1_BIT_STRING_set_bit(ku.get(), 0, 1) != 1 ||  // digitalSignature
      ASN1_BIT_STRING_set_bit(ku.get(), 1, 1) != 1) {         // nonRepudiation
    return ossl::InternalError("keyUsage");
  }
  AMS_RETURN_IF_ERROR(AddStructExtension(cert, NID_key_usage, ku.get(), true));

  ossl::Asn1ObjectStackPtr eku(sk_ASN1_OBJECT_new_null());
  ASN1_OBJECT* email = OBJ_nid2obj(NID_email_protect);
  ASN1_OBJECT* doc = OBJ_txt2obj(kDocumentSigningOid, 1);
  if (!eku || email == nullptr || doc == nullptr) {
    ASN1_OBJECT_free(doc);
    return ossl::InternalError("extendedKeyUsage");
  }
  sk_ASN1_OBJECT_push(eku.get(), OBJ_dup(email));
  sk_ASN1_OBJECT_push(eku.get(), doc);
  return AddStructExtension(cert, NID_ext_key_usage, eku.get(), false);
}

Status AddEmailSan(X509* cert, std::string_view email) {
  const size_t at = email.find('@');
  if (!PrintableAscii(email) || email.size() > 255 || at == 0 || at == std::string_view::npos ||
      at + 1 == email.size() || email.find('@', at + 1) != std::string_view::npos) {
    return Status::Invalid("subject_field_invalid", "e-mail must be ASCII local@domain");
  }
  ossl::GeneralNamesPtr names(GENERAL_NAMES_new());
  ossl::GeneralNamePtr name = Ia5Name(GEN_EMAIL, email);
  if (!names || !name || sk_GENERAL_NAME_push(names.get(), name.get()) <= 0) {
    return ossl::InternalError("subjectAltName");
  }
  name.release();
  return AddStructExtension(cert, NID_subject_alt_name, names.get(), false);
}

Status AddCrlDistributionPoint(X509* cert, std::string_view url) {
  std::unique_ptr<CRL_DIST_POINTS, CrlDpDeleter> dps(sk_DIST_POINT_new_null());
  DIST_POINT* dp = DIST_POINT_new();
  if (!dps || dp == nullptr || sk_DIST_POINT_push(dps.get(), dp) <= 0) {
    DIST_POINT_free(dp);
    return ossl::InternalError("cRLDistributionPoints");
  }
  dp->distpoint = DIST_POINT_NAME_new();
  if (dp->distpoint == nullptr) return ossl::InternalError("DIST_POINT_NAME_new");
  dp->distpoint->type = 0;  // fullName
  dp->distpoint->name.fullname = GENERAL_NAMES_new();
  ossl::GeneralNamePtr uri = Ia5Name(GEN_URI, url);
  if (dp->distpoint->name.fullname == nullptr || !uri ||
      sk_GENERAL_NAME_push(dp->distpoint->name.fullname, uri.get()) <= 0) {
    return ossl::InternalError("cRLDistributionPoints URI");
  }
  uri.release();
  return AddStructExtension(cert, NID_crl_distribution_points, dps.get(), false);
}

Status AddAuthorityInfoAccess(X509* cert, std::string_view ocsp_url,
                              std::string_view ca_issuers_url) {
  std::unique_ptr<AUTHORITY_INFO_ACCESS, AiaDeleter> aia(sk_ACCESS_DESCRIPTION_new_null());
  if (!aia) return ossl::InternalError("authorityInfoAccess");
  for (const auto& [nid, url] : {std::pair{NID_ad_OCSP, ocsp_url}, std::pair{NID_ad_ca_issuers, ca_issuers_url}}) {
    if (url.empty()) continue;
    ACCESS_DESCRIPTION* ad = ACCESS_DESCRIPTION_new();
    if (ad == nullptr || sk_ACCESS_DESCRIPTION_push(aia.get(), ad) <= 0) {
      ACCESS_DESCRIPTION_free(ad);
      return ossl::InternalError("ACCESS_DESCRIPTION_new");
    }
    ASN1_OBJECT_free(ad->method);
    ad->method = OBJ_nid2obj(nid);
    GENERAL_NAME_free(ad->location);
    ad->location = Ia5Name(GEN_URI, url).release();
    if (ad->location == nullptr) return ossl::InternalError("authorityInfoAccess URI");
  }
  if (sk_ACCESS_DESCRIPTION_num(aia.get()) == 0) return Status::Ok();
  return AddStructExtension(cert, NID_info_access, aia.get(), false);
}

Status AddCertificatePolicy(X509* cert, std::string_view oid) {
  const std::string text(oid);
  const bool dotted = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.';
  });
  ASN1_OBJECT* obj = dotted ? OBJ_txt2obj(text.c_str(), 1) : nullptr;
  if (obj == nullptr) {
    ossl::DrainErrors();
    return Status::Invalid("profile_invalid", "policy OID is not dotted decimal: " + text);
  }
  std::unique_ptr<CERTIFICATEPOLICIES, PoliciesDeleter> policies(sk_POLICYINFO_new_null());
  POLICYINFO* info = POLICYINFO_new();
  if (!policies || info == nullptr || sk_POLICYINFO_push(policies.get(), info) <= 0) {
    POLICYINFO_free(info);
    ASN1_OBJECT_free(obj);
    return ossl::InternalError("certificatePolicies");
  }
  ASN1_OBJECT_free(info->policyid);
  info->policyid = obj;
  return AddStructExtension(cert, NID_certificate_policies, policies.get(), false);
}

}  // namespace ams::ca
