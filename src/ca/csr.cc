#include "ca/csr.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstring>

#include "ca/der.h"
#include "ca/ossl/util.h"
#include "ca/public_key.h"

namespace ams::ca {
namespace {

using namespace std::string_view_literals;

// Signature algorithms verified on the fast path (RFC 5758 §3.2, RFC 4055
// §5, RFC 8410 §3). Anything else (RSA-PSS, SHA-1, ...) goes to OpenSSL's own
// X509_REQ_verify, which is slower but knows every algorithm.
enum class Family { kEcdsa, kRsa, kEd25519 };
struct SigAlg {
  std::string_view oid;
  const char* digest;  // nullptr for Ed25519.
  Family family;
};
constexpr SigAlg kFastAlgs[] = {
    {"\x2a\x86\x48\xce\x3d\x04\x03\x02"sv, "SHA256", Family::kEcdsa},    // ecdsa-with-SHA256
    {"\x2a\x86\x48\xce\x3d\x04\x03\x03"sv, "SHA384", Family::kEcdsa},    // ecdsa-with-SHA384
    {"\x2a\x86\x48\xce\x3d\x04\x03\x04"sv, "SHA512", Family::kEcdsa},    // ecdsa-with-SHA512
    {"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b"sv, "SHA256", Family::kRsa},  // sha256WithRSAEncryption
    {"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0c"sv, "SHA384", Family::kRsa},  // sha384WithRSAEncryption
    {"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0d"sv, "SHA512", Family::kRsa},  // sha512WithRSAEncryption
    {"\x2b\x65\x70"sv, nullptr, Family::kEd25519},                       // Ed25519
};

Family FamilyOf(KeyKind kind) {
  switch (kind) {
    case KeyKind::kRsa:
      return Family::kRsa;
    case KeyKind::kEd25519:
      return Family::kEd25519;
    case KeyKind::kEcP256:
    case KeyKind::kEcP384:
      break;
  }
  return Family::kEcdsa;
}

Status Malformed(const char* what) { return Status::Invalid("csr_malformed", what); }

// The DER of the request: PEM is decoded with the generic PEM reader so that
// OpenSSL's slow X509_REQ decoder is not involved.
Result<std::string> ToDer(std::string_view input) {
  size_t skip = 0;
  while (skip < input.size() && std::strchr(" \t\r\n", input[skip]) != nullptr) ++skip;
  if (input.substr(skip, 10) != "-----BEGIN") return std::string(input);
  ossl::BioPtr bio = ossl::MemBio(input);
  char* name_raw = nullptr;
  char* header_raw = nullptr;
  unsigned char* data_raw = nullptr;
  long len = 0;
  const int ok = PEM_read_bio(bio.get(), &name_raw, &header_raw, &data_raw, &len);
  std::unique_ptr<char, ossl::OpensslFree> name(name_raw), header(header_raw);
  ossl::OpensslBytes data(data_raw);
  if (ok != 1) return ossl::InputError("csr_malformed", "PEM does not decode");
  const bool right_label = std::strcmp(name.get(), PEM_STRING_X509_REQ) == 0 ||
                           std::strcmp(name.get(), PEM_STRING_X509_REQ_OLD) == 0;
  std::string der(reinterpret_cast<const char*>(data.get()), static_cast<size_t>(len));
  if (!right_label) return Malformed("PEM is not a CERTIFICATE REQUEST");
  return der;
}

// The parts of a CertificationRequest (RFC 2986 §4) that matter here.
struct CsrParts {
  std::string_view info;        // CertificationRequestInfo TLV: what is signed.
  std::string_view spki;        // SubjectPublicKeyInfo TLV.
  std::string_view alg_oid;     // signatureAlgorithm OID contents.
  std::string_view alg_params;  // Its parameters TLV, possibly empty.
  std::string_view signature;   // Signature bits without the unused-bits octet.
};

Result<CsrParts> Split(std::string_view der) {
  CsrParts parts;
  std::string_view in = der;
  der::Element req, info, alg, sig, version, subject, spki, attrs, oid;
  if (!der::ReadExpected(in, der::kSequence, req)) return Malformed("not a DER SEQUENCE");
  if (!in.empty()) return Malformed("trailing bytes after the CSR");
  std::string_view body = req.content;
  if (!der::ReadExpected(body, der::kSequence, info) ||
      !der::ReadExpected(body, der::kSequence, alg) ||
      !der::ReadExpected(body, der::kBitString, sig) || !body.empty()) {
    return Malformed("CertificationRequest fields");
  }
  std::string_view fields = info.content;
  if (!der::ReadExpected(fields, der::kInteger, version) || version.content != "\x00"sv ||
      !der::ReadExpected(fields, der::kSequence, subject) ||
      !der::ReadExpected(fields, der::kSequence, spki)) {
    return Malformed("CertificationRequestInfo fields");
  }
  // attributes [0] is required by RFC 2986 but some encoders omit it when empty.
  if (!fields.empty() &&
      (!der::ReadExpected(fields, der::kContext0Constructed, attrs) || !fields.empty())) {
    return Malformed("CSR attributes");
  }
  std::string_view alg_body = alg.content;
  if (!der::ReadExpected(alg_body, der::kOid, oid)) return Malformed("signature algorithm");
  if (sig.content.empty() || sig.content[0] != 0) return Malformed("signature bits");
  parts.info = info.whole;
  parts.spki = spki.whole;
  parts.alg_oid = oid.content;
  parts.alg_params = alg_body;
  parts.signature = sig.content.substr(1);
  return parts;
}

// OpenSSL's own path for signature algorithms the fast path does not know.
Status VerifyWithOpenssl(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ossl::X509ReqPtr req(d2i_X509_REQ(nullptr, &p, static_cast<long>(der.size())));
  if (!req) return ossl::InputError("csr_malformed", "d2i_X509_REQ");
  EVP_PKEY* key = X509_REQ_get0_pubkey(req.get());
  if (key == nullptr || X509_REQ_verify(req.get(), key) != 1) {
    return ossl::InputError("csr_signature_invalid", "CSR self-signature does not verify");
  }
  return Status::Ok();
}

Status VerifyFast(const SigAlg& alg, const CsrParts& parts, const SpkiView& spki) {
  // RFC 4055 §5: NULL (or, from some encoders, absent) parameters for RSA;
  // RFC 5758 §3.2 and RFC 8410 §3: absent for ECDSA and Ed25519.
  const bool rsa = alg.family == Family::kRsa;
  if (!parts.alg_params.empty() && !(rsa && parts.alg_params == "\x05\x00"sv)) {
    return Malformed("signature algorithm parameters");
  }
  // EVP would happily check a PKCS#1 signature labelled ECDSA with an RSA
  // key: insist the label matches the key.
  if (alg.family != FamilyOf(spki.kind)) {
    return Status::Invalid("csr_signature_invalid", "signature algorithm does not match the key");
  }
  AMS_ASSIGN_OR_RETURN(ossl::PkeyPtr key, LoadPublicKey(spki));
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return ossl::InternalError("EVP_MD_CTX_new");
  // A key/algorithm mismatch (an ECDSA signature with an RSA key) fails in
  // init or verify: either way the signature is not the key's.
  if (EVP_DigestVerifyInit_ex(ctx.get(), nullptr, alg.digest, nullptr, nullptr, key.get(),
                              nullptr) != 1 ||
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(parts.signature.data()),
                       parts.signature.size(),
                       reinterpret_cast<const unsigned char*>(parts.info.data()),
                       parts.info.size()) != 1) {
    return ossl::InputError("csr_signature_invalid", "CSR self-signature does not verify");
  }
  return Status::Ok();
}

}  // namespace

Result<ParsedCsr> ParseCsr(std::string_view pem_or_der) {
  if (pem_or_der.size() > kMaxCsrBytes) {
    return Status::Invalid("csr_too_large", std::to_string(pem_or_der.size()) + " bytes");
  }
  if (pem_or_der.empty()) return Malformed("empty CSR");
  AMS_ASSIGN_OR_RETURN(const std::string der, ToDer(pem_or_der));
  AMS_ASSIGN_OR_RETURN(const CsrParts parts, Split(der));
  // Key policy first, so an oversized key costs nothing to reject.
  AMS_ASSIGN_OR_RETURN(const SpkiView spki, InspectSpki(parts.spki));

  // RFC 2986 §3: the signature over CertificationRequestInfo with the
  // enclosed key proves possession of the private key.
  const SigAlg* fast = nullptr;
  for (const SigAlg& a : kFastAlgs) {
    if (a.oid == parts.alg_oid) fast = &a;
  }
  if (fast != nullptr) {
    AMS_RETURN_IF_ERROR(VerifyFast(*fast, parts, spki));
  } else {
    AMS_RETURN_IF_ERROR(VerifyWithOpenssl(der));
  }
  ParsedCsr out;
  out.spki_der = std::string(spki.der);
  out.key_type = spki.key_type;
  return out;
}

}  // namespace ams::ca
