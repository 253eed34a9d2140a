#include "ca/public_key.h"

#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <cstdio>

#include "ca/der.h"
#include "ca/ossl/util.h"

namespace ams::ca {
namespace {

using namespace std::string_view_literals;

// OID contents (X.690 §8.19).
constexpr std::string_view kRsaEncryption = "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"sv;
constexpr std::string_view kEcPublicKey = "\x2a\x86\x48\xce\x3d\x02\x01"sv;
constexpr std::string_view kEd25519 = "\x2b\x65\x70"sv;
constexpr std::string_view kP256 = "\x2a\x86\x48\xce\x3d\x03\x01\x07"sv;
constexpr std::string_view kP384 = "\x2b\x81\x04\x00\x22"sv;
constexpr std::string_view kP224 = "\x2b\x81\x04\x00\x21"sv;
constexpr std::string_view kP192 = "\x2a\x86\x48\xce\x3d\x03\x01\x01"sv;

constexpr int kMaxRsaBits = 8192;

EVP_PKEY* MakeCurveTemplate(const char* curve) {
  char name[16];
  std::snprintf(name, sizeof(name), "%s", curve);
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, name, 0),
                         OSSL_PARAM_construct_end()};
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* out = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &out, EVP_PKEY_KEY_PARAMETERS, params) != 1) {
    return nullptr;
  }
  return out;  // Intentionally never freed: lives as long as the process.
}

Status Malformed(const char* what) { return Status::Invalid("csr_malformed", what); }

// Bit length of a positive big-endian INTEGER content; 0 if not positive.
int PositiveIntegerBits(std::string_view content) {
  if (content.empty() || (static_cast<uint8_t>(content[0]) & 0x80)) return 0;
  while (!content.empty() && content[0] == 0) content.remove_prefix(1);
  if (content.empty()) return 0;
  int top = 0;
  for (uint8_t b = static_cast<uint8_t>(content[0]); b != 0; b >>= 1) ++top;
  return static_cast<int>((content.size() - 1) * 8) + top;
}

Status InspectRsa(SpkiView& v, std::string_view params) {
  // RFC 4055 §1.2: parameters MUST be NULL (some encoders omit them).
  if (!params.empty() && params != "\x05\x00"sv) return Malformed("RSA parameters not NULL");
  std::string_view in = v.key;
  der::Element seq, n, e;
  if (!der::ReadExpected(in, der::kSequence, seq) || !in.empty()) return Malformed("RSAPublicKey");
  std::string_view body = seq.content;
  if (!der::ReadExpected(body, der::kInteger, n) || !der::ReadExpected(body, der::kInteger, e) ||
      !body.empty()) {
    return Malformed("RSAPublicKey fields");
  }
  v.bits = PositiveIntegerBits(n.content);
  const int e_bits = PositiveIntegerBits(e.content);
  if (v.bits == 0 || e_bits < 2 || e_bits > 64) return Malformed("RSA modulus or exponent");
  if (v.bits < 2048) {
    return Status::Invalid("csr_key_too_weak", "RSA key of " + std::to_string(v.bits) + " bits");
  }
  if (v.bits > kMaxRsaBits) {
    return Status::Invalid("csr_key_unsupported", "RSA key of " + std::to_string(v.bits) + " bits");
  }
  v.kind = KeyKind::kRsa;
  v.key_type = "rsa-" + std::to_string(v.bits);
  return Status::Ok();
}

Status InspectEc(SpkiView& v, std::string_view params) {
  std::string_view in = params;
  der::Element curve;
  // RFC 5480 §2.1.1: namedCurve only; implicit or explicit parameters are out.
  if (!der::ReadExpected(in, der::kOid, curve) || !in.empty()) {
    return Status::Invalid("csr_key_unsupported", "EC key without a named curve");
  }
  if (curve.content == kP256) {
    v.kind = KeyKind::kEcP256;
    v.bits = 256;
    v.key_type = "ec-p256";
  } else if (curve.content == kP384) {
    v.kind = KeyKind::kEcP384;
    v.bits = 384;
    v.key_type = "ec-p384";
  } else if (curve.content == kP224 || curve.content == kP192) {
    return Status::Invalid("csr_key_too_weak", "EC curve below P-256");
  } else {
    return Status::Invalid("csr_key_unsupported", "EC curve not P-256 or P-384");
  }
  const size_t coord = static_cast<size_t>(v.bits / 8);
  const uint8_t form = v.key.empty() ? 0 : static_cast<uint8_t>(v.key[0]);
  const bool ok = (form == 0x04 && v.key.size() == 1 + 2 * coord) ||
                  ((form == 0x02 || form == 0x03) && v.key.size() == 1 + coord);
  if (!ok) return Malformed("EC point encoding");
  return Status::Ok();
}

// A parameters-only EC key for the curve, built once and never modified
// (so concurrent EVP_PKEY_dup calls only read it).
EVP_PKEY* CurveTemplate(KeyKind kind) {
  static EVP_PKEY* const kP256Template = MakeCurveTemplate("prime256v1");
  static EVP_PKEY* const kP384Template = MakeCurveTemplate("secp384r1");
  return kind == KeyKind::kEcP256 ? kP256Template : kP384Template;
}

}  // namespace

Result<SpkiView> InspectSpki(std::string_view spki_der) {
  SpkiView v;
  std::string_view in = spki_der;
  der::Element spki, algorithm, key_bits, oid;
  if (!der::ReadExpected(in, der::kSequence, spki) || !in.empty()) return Malformed("SPKI");
  v.der = spki.whole;
  std::string_view body = spki.content;
  if (!der::ReadExpected(body, der::kSequence, algorithm) ||
      !der::ReadExpected(body, der::kBitString, key_bits) || !body.empty()) {
    return Malformed("SPKI fields");
  }
  v.algorithm = algorithm.whole;
  // BIT STRING: one unused-bits octet, which must be 0 for keys.
  if (key_bits.content.empty() || key_bits.content[0] != 0) return Malformed("SPKI key bits");
  v.key = key_bits.content.substr(1);
  std::string_view alg = algorithm.content;
  if (!der::ReadExpected(alg, der::kOid, oid)) return Malformed("SPKI algorithm");
  const std::string_view params = alg;  // Zero or one TLV.
  if (oid.content == kRsaEncryption) {
    AMS_RETURN_IF_ERROR(InspectRsa(v, params));
  } else if (oid.content == kEcPublicKey) {
    AMS_RETURN_IF_ERROR(InspectEc(v, params));
  } else if (oid.content == kEd25519) {
    // RFC 8410 §3: parameters absent.
    if (!params.empty() || v.key.size() != 32) return Malformed("Ed25519 key");
    v.kind = KeyKind::kEd25519;
    v.bits = 256;
    v.key_type = "ed25519";
  } else {
    return Status::Invalid("csr_key_unsupported", "key algorithm not RSA, EC or Ed25519");
  }
  return v;
}

Result<ossl::PkeyPtr> LoadPublicKey(const SpkiView& spki) {
  const auto* key = reinterpret_cast<const unsigned char*>(spki.key.data());
  EVP_PKEY* out = nullptr;
  if (spki.kind == KeyKind::kEd25519) {
    out = EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, key, spki.key.size());
  } else if (spki.kind == KeyKind::kRsa) {
    std::string_view in = spki.key;
    der::Element seq, n, e;
    der::ReadExpected(in, der::kSequence, seq);
    std::string_view body = seq.content;
    der::ReadExpected(body, der::kInteger, n);
    der::ReadExpected(body, der::kInteger, e);
    ossl::BignumPtr bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.content.data()),
                                   static_cast<int>(n.content.size()), nullptr));
    ossl::BignumPtr bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.content.data()),
                                   static_cast<int>(e.content.size()), nullptr));
    ossl::ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bn_n || !bn_e || !bld ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
      return ossl::InternalError("building RSA parameters");
    }
    ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &out, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
      out = nullptr;
    }
  } else {
    // Duplicating a parameters-only template and setting the point is 4x
    // faster than EVP_PKEY_fromdata, which rebuilds the curve each time.
    // set1_encoded_public_key decodes with EC_POINT_oct2point, which rejects
    // points not on the curve (SEC 1 §3.2.2 partial validation).
    EVP_PKEY* tmpl = CurveTemplate(spki.kind);
    ossl::PkeyPtr dup(tmpl != nullptr ? EVP_PKEY_dup(tmpl) : nullptr);
    if (dup && EVP_PKEY_set1_encoded_public_key(dup.get(), key, spki.key.size()) == 1) {
      out = dup.release();
    }
  }
  if (out == nullptr) return ossl::InputError("csr_malformed", "public key rejected");
  return ossl::PkeyPtr(out);
}

}  // namespace ams::ca
