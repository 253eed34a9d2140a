#pragma once

// The AMS CA hierarchy: a self-signed root CA, one issuing CA under it
// (pathlen 0) that signs user certificates and CRLs, and a delegated OCSP
// responder certificate issued by the issuing CA (RFC 6960 §4.2.2.2,
// id-kp-OCSPSigning + id-pkix-ocsp-nocheck).

#include <filesystem>
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "ca/key_spec.h"
#include "ca/key_store.h"
#include "ca/ossl/ossl.h"

namespace ams::ca {

// Settings for CaHierarchy::Create. Plain value.
struct HierarchyOptions {
  KeySpec key_spec = KeySpec::kEcP256;
  std::string organization = "Pemerintah Kota Pekalongan";
  std::string country = "ID";
  std::string root_common_name = "AMS Root CA";
  std::string issuing_common_name = "AMS Issuing CA";
  std::string ocsp_common_name = "AMS OCSP Responder";
  int root_validity_days = 20 * 365;     // Default: 20 years.
  int issuing_validity_days = 10 * 365;  // Default: 10 years; clamped to the root's.
  int ocsp_validity_days = 2 * 365;      // Default: 2 years; clamped to the issuing CA's.
};

// One certificate of the hierarchy with, when loaded, its private key.
// Owns both. Immutable after construction, so safe to share read-only
// between threads (OpenSSL 3 allows concurrent signing with one EVP_PKEY).
struct CaCredential {
  std::string name;  // Used in URLs and file names: "root", "issuing", "ocsp".
  ossl::X509Ptr cert;
  ossl::PkeyPtr key;  // nullptr when not loaded (the root key after Load).
  std::string der;    // DER of `cert`.
};

// Owns the three credentials. Movable, not copyable. Const methods are
// thread-safe; Save/Load touch the CA folder and are for setup/startup only.
class CaHierarchy {
 public:
  static constexpr const char* kRootName = "root";
  static constexpr const char* kIssuingName = "issuing";
  static constexpr const char* kOcspName = "ocsp";

  // Generates three keys and certificates, valid from clock.Now().
  // kInvalidArgument "profile_invalid" for non-positive validities or bad names.
  static Result<CaHierarchy> Create(const HierarchyOptions& options, const Clock& clock,
                                    Random& random);

  // Writes <dir>/{root,issuing,ocsp}.pem (0644) and, through `keys`, the three
  // private keys. kConflict "ca_file_exists"/"ca_key_exists" if a CA is already
  // there: a CA is never overwritten. REQUIRES: dir exists.
  Status Save(const std::filesystem::path& dir, KeyStore& keys) const;

  // Reads the certificates from <dir> and the issuing and OCSP keys from
  // `keys` (the root key stays where it is). Checks each key matches its
  // certificate and the chain signatures. kNotFound "ca_not_initialized" if
  // no CA is there; the KeyStore's codes otherwise.
  static Result<CaHierarchy> Load(const std::filesystem::path& dir, const KeyStore& keys);

  const CaCredential& root() const { return root_; }
  const CaCredential& issuing() const { return issuing_; }
  const CaCredential& ocsp() const { return ocsp_; }

 private:
  CaHierarchy() = default;

  CaCredential root_;
  CaCredential issuing_;
  CaCredential ocsp_;
};

}  // namespace ams::ca
