#include "ca/pkcs12.h"

#include "ca/ossl/util.h"

namespace ams::ca {

Result<GeneratedCredential> GenerateKeyAndPkcs12(const Issuer& issuer, KeySpec spec,
                                                 const SubjectInfo& subject,
                                                 const IssuanceProfile& profile,
                                                 const SecretString& passphrase, TimePoint now) {
  const std::string& pass = passphrase.reveal();
  if (pass.size() < kMinPkcs12PassphraseBytes) {
    return Status::Invalid("pkcs12_passphrase_too_short",
                           "at least " + std::to_string(kMinPkcs12PassphraseBytes) + " bytes");
  }
  if (pass.find('\0') != std::string::npos) {
    return Status::Invalid("pkcs12_passphrase_invalid", "passphrase contains NUL");
  }
  AMS_ASSIGN_OR_RETURN(ossl::PkeyPtr key, GenerateKey(spec));
  AMS_ASSIGN_OR_RETURN(IssuedCertificate issued,
                       issuer.IssueForKey(subject, key.get(), profile, now));

  const auto* p = reinterpret_cast<const unsigned char*>(issued.der.data());
  ossl::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(issued.der.size())));
  ossl::X509StackPtr chain(sk_X509_new_null());
  if (!cert || !chain) return ossl::InternalError("preparing PKCS#12");
  ossl::X509Ptr ca = ossl::UpRef(issuer.ca_cert());
  if (sk_X509_push(chain.get(), ca.get()) <= 0) return ossl::InternalError("sk_X509_push");
  ca.release();

  // mac_iter -1: no MAC yet; PKCS12_create's default MAC digest is SHA-1 in
  // OpenSSL 3.0, so the SHA-256 MAC is set explicitly below.
  ossl::Pkcs12Ptr p12(PKCS12_create_ex(pass.c_str(), subject.full_name.c_str(), key.get(),
                                       cert.get(), chain.get(), NID_aes_256_cbc, NID_aes_256_cbc,
                                       kPkcs12Iterations, -1, 0, nullptr, nullptr));
  if (!p12) return ossl::InternalError("PKCS12_create_ex");
  if (PKCS12_set_mac(p12.get(), pass.c_str(), static_cast<int>(pass.size()), nullptr, 0,
                     kPkcs12Iterations, EVP_sha256()) != 1) {
    return ossl::InternalError("PKCS12_set_mac");
  }
  GeneratedCredential out;
  out.pkcs12_der = ossl::ToDer(i2d_PKCS12, p12.get());
  if (out.pkcs12_der.empty()) return ossl::InternalError("i2d_PKCS12");
  out.certificate = std::move(issued);
  return out;
}

}  // namespace ams::ca
