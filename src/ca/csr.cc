#include "ca/csr.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstring>

#include "ca/ossl/util.h"

namespace ams::ca {
namespace {

// RSA keys above this only cost verification time; nobody needs them.
constexpr int kMaxRsaBits = 8192;

Status Malformed(std::string_view what) { return ossl::InputError("csr_malformed", what); }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

Result<ossl::X509ReqPtr> Decode(std::string_view input) {
  // Skip leading whitespace so a pasted PEM with a blank line still parses.
  while (!input.empty() && (input.front() == ' ' || input.front() == '\n' ||
                            input.front() == '\r' || input.front() == '\t')) {
    input.remove_prefix(1);
  }
  if (StartsWith(input, "-----BEGIN")) {
    ossl::BioPtr bio = ossl::MemBio(input);
    ossl::X509ReqPtr req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
    if (!req) return Malformed("PEM CSR does not parse");
    return req;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(input.data());
  const auto* end = p + input.size();
  ossl::X509ReqPtr req(d2i_X509_REQ(nullptr, &p, static_cast<long>(input.size())));
  if (!req) return Malformed("DER CSR does not parse");
  // DER is exact: trailing bytes mean the input is not (only) a CSR.
  if (p != end) return Status::Invalid("csr_malformed", "trailing bytes after the CSR");
  return req;
}

// Key policy of the issue text: RSA >= 2048, EC P-256/P-384, Ed25519.
Result<std::string> CheckKey(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: {
      const int bits = EVP_PKEY_get_bits(key);
      if (bits < 2048) {
        return Status::Invalid("csr_key_too_weak", "RSA key of " + std::to_string(bits) + " bits");
      }
      if (bits > kMaxRsaBits) {
        return Status::Invalid("csr_key_unsupported",
                               "RSA key of " + std::to_string(bits) + " bits");
      }
      return "rsa-" + std::to_string(bits);
    }
    case EVP_PKEY_EC: {
      char group[64] = {0};
      size_t len = 0;
      if (EVP_PKEY_get_group_name(key, group, sizeof(group), &len) != 1) {
        ERR_clear_error();
        // Explicit curve parameters instead of a named curve (RFC 5480 §2.1.1
        // forbids them in PKIX).
        return Status::Invalid("csr_key_unsupported", "EC key without a named curve");
      }
      if (std::strcmp(group, "prime256v1") == 0) return std::string("ec-p256");
      if (std::strcmp(group, "secp384r1") == 0) return std::string("ec-p384");
      if (std::strcmp(group, "secp224r1") == 0 || std::strcmp(group, "prime192v1") == 0 ||
          std::strcmp(group, "secp192k1") == 0 || std::strcmp(group, "secp224k1") == 0) {
        return Status::Invalid("csr_key_too_weak", std::string("EC curve ") + group);
      }
      return Status::Invalid("csr_key_unsupported", std::string("EC curve ") + group);
    }
    case EVP_PKEY_ED25519:
      return std::string("ed25519");
    default:
      return Status::Invalid("csr_key_unsupported",
                             std::string("key type ") + OBJ_nid2sn(EVP_PKEY_get_base_id(key)));
  }
}

}  // namespace

Result<ParsedCsr> ParseCsr(std::string_view pem_or_der) {
  if (pem_or_der.size() > kMaxCsrBytes) {
    return Status::Invalid("csr_too_large", std::to_string(pem_or_der.size()) + " bytes");
  }
  if (pem_or_der.empty()) return Status::Invalid("csr_malformed", "empty CSR");
  AMS_ASSIGN_OR_RETURN(ossl::X509ReqPtr req, Decode(pem_or_der));

  // get0: the key belongs to the request. A key that does not decode
  // (e.g. an invalid EC point) is malformed input.
  EVP_PKEY* key = X509_REQ_get0_pubkey(req.get());
  if (key == nullptr) return Malformed("CSR public key does not decode");
  AMS_ASSIGN_OR_RETURN(std::string key_type, CheckKey(key));

  // RFC 2986 §3: the signature over CertificationRequestInfo with the
  // enclosed key proves possession of the private key.
  const int verified = X509_REQ_verify(req.get(), key);
  if (verified != 1) {
    return ossl::InputError("csr_signature_invalid", "CSR self-signature does not verify");
  }
  ParsedCsr out;
  out.spki_der = ossl::ToDer(i2d_PUBKEY, key);
  if (out.spki_der.empty()) return ossl::InternalError("encoding the CSR public key");
  out.key_type = std::move(key_type);
  return out;
}

}  // namespace ams::ca
