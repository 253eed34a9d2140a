#include "ca/ossl/util.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <ctime>

namespace ams::ca::ossl {

std::string DrainErrors() {
  std::string out;
  char buf[256];
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    ERR_error_string_n(e, buf, sizeof(buf));
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

Status InternalError(std::string_view what) {
  std::string detail(what);
  const std::string errors = DrainErrors();
  if (!errors.empty()) detail += ": " + errors;
  return Status::Internal(std::move(detail));
}

Status InputError(std::string reason, std::string_view what) {
  std::string detail(what);
  const std::string errors = DrainErrors();
  if (!errors.empty()) detail += ": " + errors;
  return Status::Invalid(std::move(reason), std::move(detail));
}

BioPtr MemBio(std::string_view data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  if (len <= 0 || data == nullptr) return {};
  return std::string(data, static_cast<size_t>(len));
}

std::string CertToPem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return {};
  return BioContents(bio.get());
}

Result<X509Ptr> ParseCert(std::string_view pem_or_der) {
  X509Ptr cert;
  if (pem_or_der.substr(0, 10) == "-----BEGIN") {
    BioPtr bio = MemBio(pem_or_der);
    cert.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  } else {
    const auto* p = reinterpret_cast<const unsigned char*>(pem_or_der.data());
    cert.reset(d2i_X509(nullptr, &p, static_cast<long>(pem_or_der.size())));
  }
  if (!cert) return InputError("certificate_malformed", "parsing certificate");
  return cert;
}

Asn1TimePtr ToAsn1Time(TimePoint t) {
  const time_t secs = static_cast<time_t>(ToUnixSeconds(t));
  return Asn1TimePtr(ASN1_TIME_set(nullptr, secs));
}

Result<TimePoint> FromAsn1Time(const ASN1_TIME* t) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return InternalError("ASN1_TIME_to_tm");
  return FromUnixSeconds(static_cast<int64_t>(timegm(&tm)));
}

const EVP_MD* DigestFor(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519:
    case EVP_PKEY_ED448:
      return nullptr;
    case EVP_PKEY_EC:
      if (EVP_PKEY_get_bits(key) > 256) return EVP_sha384();
      return EVP_sha256();
    default:
      return EVP_sha256();
  }
}

}  // namespace ams::ca::ossl
