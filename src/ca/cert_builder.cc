#include "ca/cert_builder.h"

#include "ca/ossl/util.h"
#include "ca/serial.h"

namespace ams::ca {

Result<ossl::X509NamePtr> BuildName(const std::vector<NameAttribute>& attributes) {
  ossl::X509NamePtr name(X509_NAME_new());
  if (!name) return ossl::InternalError("X509_NAME_new");
  for (const NameAttribute& a : attributes) {
    if (X509_NAME_add_entry_by_NID(name.get(), a.nid, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(a.value.data()),
                                   static_cast<int>(a.value.size()), -1, 0) != 1) {
      return ossl::InputError("subject_field_invalid",
                              std::string("bad value for ") + OBJ_nid2sn(a.nid));
    }
  }
  return name;
}

Result<ossl::X509Ptr> NewCertificate(const std::vector<uint8_t>& serial, X509_NAME* subject,
                                     X509_NAME* issuer, TimePoint not_before, TimePoint not_after,
                                     EVP_PKEY* public_key) {
  ossl::X509Ptr cert(X509_new());
  ossl::Asn1IntegerPtr sn = SerialToAsn1(serial);
  ossl::Asn1TimePtr nb = ossl::ToAsn1Time(not_before);
  ossl::Asn1TimePtr na = ossl::ToAsn1Time(not_after);
  if (!cert || !sn || !nb || !na) return ossl::InternalError("allocating certificate");
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      X509_set_serialNumber(cert.get(), sn.get()) != 1 ||
      X509_set_subject_name(cert.get(), subject) != 1 ||
      X509_set_issuer_name(cert.get(), issuer) != 1 ||
      X509_set1_notBefore(cert.get(), nb.get()) != 1 ||
      X509_set1_notAfter(cert.get(), na.get()) != 1 ||
      (public_key != nullptr && X509_set_pubkey(cert.get(), public_key) != 1)) {
    return ossl::InternalError("filling certificate");
  }
  return cert;
}

Status AddConfExtension(X509* cert, X509* issuer, int nid, std::string_view value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  const std::string v(value);
  ossl::X509ExtensionPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, v.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return ossl::InputError("profile_invalid", std::string("bad extension ") + OBJ_nid2sn(nid));
  }
  return Status::Ok();
}

Status AddStructExtension(X509* cert, int nid, void* value, bool critical) {
  if (X509_add1_ext_i2d(cert, nid, value, critical ? 1 : 0, X509V3_ADD_APPEND) != 1) {
    return ossl::InternalError(std::string("adding ") + OBJ_nid2sn(nid));
  }
  return Status::Ok();
}

std::string KeyIdentifier(X509_PUBKEY* spki) {
  const unsigned char* key = nullptr;
  int key_len = 0;
  if (X509_PUBKEY_get0_param(nullptr, &key, &key_len, nullptr, spki) != 1) return {};
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (EVP_Digest(key, static_cast<size_t>(key_len), md, &md_len, EVP_sha1(), nullptr) != 1)
    return {};
  return std::string(reinterpret_cast<const char*>(md), md_len);
}

Status AddKeyIdentifiers(X509* cert, X509* issuer) {
  const std::string ski = KeyIdentifier(X509_get_X509_PUBKEY(cert));
  if (ski.empty()) return ossl::InternalError("computing subject key identifier");
  ossl::Asn1OctetStringPtr ski_os(ASN1_OCTET_STRING_new());
  if (!ski_os ||
      ASN1_OCTET_STRING_set(ski_os.get(), reinterpret_cast<const unsigned char*>(ski.data()),
                            static_cast<int>(ski.size())) != 1) {
    return ossl::InternalError("subject key identifier");
  }
  AMS_RETURN_IF_ERROR(AddStructExtension(cert, NID_subject_key_identifier, ski_os.get(), false));

  const ASN1_OCTET_STRING* issuer_ski = X509_get0_subject_key_id(issuer == cert ? cert : issuer);
  std::string aki =
      issuer_ski != nullptr
          ? std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(issuer_ski)),
                        static_cast<size_t>(ASN1_STRING_length(issuer_ski)))
          : KeyIdentifier(X509_get_X509_PUBKEY(issuer));
  if (issuer == cert) aki = ski;
  ossl::AuthorityKeyIdPtr akid(AUTHORITY_KEYID_new());
  if (!akid) return ossl::InternalError("AUTHORITY_KEYID_new");
  akid->keyid = ASN1_OCTET_STRING_new();
  if (akid->keyid == nullptr ||
      ASN1_OCTET_STRING_set(akid->keyid, reinterpret_cast<const unsigned char*>(aki.data()),
                            static_cast<int>(aki.size())) != 1) {
    return ossl::InternalError("authority key identifier");
  }
  return AddStructExtension(cert, NID_authority_key_identifier, akid.get(), false);
}

Status SignCertificate(X509* cert, EVP_PKEY* key) {
  if (X509_sign(cert, key, ossl::DigestFor(key)) <= 0) return ossl::InternalError("X509_sign");
  return Status::Ok();
}

}  // namespace ams::ca
