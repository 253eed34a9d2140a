#include "ca/cert_info.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdio>

#include "ca/ossl/util.h"

namespace ams::ca {

namespace {

std::string NameText(const X509_NAME* name) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  return ossl::BioContents(bio.get());
}

// The names of ca/key_spec.h where they apply, so the page reads like the config.
std::string KeyType(EVP_PKEY* key) {
  const int bits = EVP_PKEY_get_bits(key);
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {0};
    size_t len = 0;
    EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &len);
    if (std::string_view(group) == "prime256v1") return "ecdsa-p256";
    if (std::string_view(group) == "secp384r1") return "ecdsa-p384";
    return std::string("ecdsa-") + group;
  }
  if (EVP_PKEY_is_a(key, "RSA")) return "rsa-" + std::to_string(bits);
  if (EVP_PKEY_is_a(key, "ED25519")) return "ed25519";
  return EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "unknown";
}

}  // namespace

Result<CertificateInfo> DescribeCertificate(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ossl::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    return ossl::InputError("certificate_malformed", "d2i_X509");
  }
  CertificateInfo info;
  info.subject = NameText(X509_get_subject_name(cert.get()));
  info.issuer = NameText(X509_get_issuer_name(cert.get()));
  ossl::BignumPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr));
  if (!serial) return ossl::InternalError("serial");
  char* hex = BN_bn2hex(serial.get());
  if (hex == nullptr) return ossl::InternalError("BN_bn2hex");
  info.serial_hex = hex;
  OPENSSL_free(hex);
  AMS_ASSIGN_OR_RETURN(info.not_before, ossl::FromAsn1Time(X509_get0_notBefore(cert.get())));
  AMS_ASSIGN_OR_RETURN(info.not_after, ossl::FromAsn1Time(X509_get0_notAfter(cert.get())));
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  info.key_type = key ? KeyType(key) : "unknown";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (EVP_Digest(der.data(), der.size(), md, &md_len, EVP_sha256(), nullptr) != 1) {
    return ossl::InternalError("EVP_Digest");
  }
  for (unsigned int i = 0; i < md_len; ++i) {
    char byte[4];
    std::snprintf(byte, sizeof byte, i == 0 ? "%02X" : ":%02X", md[i]);
    info.sha256_fingerprint += byte;
  }
  return info;
}

}  // namespace ams::ca
