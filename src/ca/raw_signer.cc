#include "ca/raw_signer.h"

#include <openssl/core_names.h>

#include "ca/ossl/util.h"

namespace ams::ca {
namespace {

// Initialises `ctx` for signing with `key` and returns the AlgorithmIdentifier.
Result<std::string> Init(EVP_MD_CTX* ctx, EVP_PKEY* key) {
  EVP_PKEY_CTX* pctx = nullptr;  // Owned by ctx.
  const EVP_MD* md = ossl::DigestFor(key);
  if (EVP_DigestSignInit_ex(ctx, &pctx, md ? EVP_MD_get0_name(md) : nullptr, nullptr, nullptr, key,
                            nullptr) != 1) {
    return ossl::InternalError("EVP_DigestSignInit_ex");
  }
  // The provider knows the AlgorithmIdentifier for its key and digest
  // (including RSA's NULL parameters), so we need no table of OIDs.
  unsigned char alg[128];
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_SIGNATURE_PARAM_ALGORITHM_ID, alg, sizeof(alg)),
      OSSL_PARAM_construct_end()};
  if (EVP_PKEY_CTX_get_params(pctx, params) != 1 || !OSSL_PARAM_modified(&params[0])) {
    return ossl::InternalError("getting the signature AlgorithmIdentifier");
  }
  return std::string(reinterpret_cast<const char*>(alg), params[0].return_size);
}

}  // namespace

Result<std::string> SignatureAlgorithmDer(EVP_PKEY* key) {
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return ossl::InternalError("EVP_MD_CTX_new");
  return Init(ctx.get(), key);
}

namespace {

// A signing context initialised once per thread and key. Initialising
// fetches the algorithms from the provider, a tenth of the cost of an ECDSA
// signature; copying a ready context does not. The template holds a
// reference to its key, so a pointer equal to `key` is that same key (its
// address cannot have been reused while referenced).
struct SignTemplate {
  EVP_PKEY* key = nullptr;
  ossl::MdCtxPtr ctx;
  std::string algorithm_der;
};

Result<const SignTemplate*> TemplateFor(EVP_PKEY* key) {
  thread_local SignTemplate t;
  if (t.key == key && t.ctx) return &t;
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return ossl::InternalError("EVP_MD_CTX_new");
  AMS_ASSIGN_OR_RETURN(std::string algorithm, Init(ctx.get(), key));
  t.ctx = std::move(ctx);
  t.algorithm_der = std::move(algorithm);
  t.key = key;
  return &t;
}

}  // namespace

Result<RawSignature> SignRaw(EVP_PKEY* key, std::string_view data) {
  AMS_ASSIGN_OR_RETURN(const SignTemplate* t, TemplateFor(key));
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return ossl::InternalError("EVP_MD_CTX_new");
  RawSignature out;
  out.algorithm_der = t->algorithm_der;
  if (EVP_MD_CTX_copy_ex(ctx.get(), t->ctx.get()) != 1) {
    // A one-shot algorithm (Ed25519) cannot be copied: initialise this one.
    AMS_ASSIGN_OR_RETURN(out.algorithm_der, Init(ctx.get(), key));
  }

  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  size_t sig_len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &sig_len, in, data.size()) != 1) {
    return ossl::InternalError("EVP_DigestSign (size)");
  }
  out.signature.resize(sig_len);
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.signature.data()), &sig_len,
                     in, data.size()) != 1) {
    return ossl::InternalError("EVP_DigestSign");
  }
  out.signature.resize(sig_len);
  return out;
}

}  // namespace ams::ca
