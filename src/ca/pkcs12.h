#pragma once

// Server-side key generation for applicants who cannot make a CSR: AMS
// generates a key pair, issues the certificate and hands both back once as a
// passphrase-protected PKCS#12 file. The private key is never stored: it
// lives only inside this call and the returned PKCS#12 bytes.

#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "base/secret.h"
#include "ca/issuer.h"
#include "ca/key_spec.h"
#include "ca/profile.h"

namespace ams::ca {

// An issued certificate with its key wrapped in PKCS#12. Plain value; the
// caller delivers pkcs12_der to the applicant and must not persist it.
struct GeneratedCredential {
  IssuedCertificate certificate;
  std::string pkcs12_der;
};

// Minimum passphrase length for a PKCS#12 download.
inline constexpr size_t kMinPkcs12PassphraseBytes = 8;
// PBKDF2 and MAC iterations: one-time cost of ~0.1 s on import, fine for a
// file that may be stolen from a download folder.
inline constexpr int kPkcs12Iterations = 100000;

// Generates a `spec` key, issues a certificate through `issuer` exactly as
// Issuer::Issue does, and packs key + certificate + issuing CA certificate
// into PKCS#12 (RFC 7292): PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC for
// both the key bag and the certificate bag, MAC HMAC-SHA256, each with
// kPkcs12Iterations iterations. Returns Issue's codes and
// kInvalidArgument "pkcs12_passphrase_too_short". Thread-safe like Issuer.
Result<GeneratedCredential> GenerateKeyAndPkcs12(const Issuer& issuer, KeySpec spec,
                                                 const SubjectInfo& subject,
                                                 const IssuanceProfile& profile,
                                                 const SecretString& passphrase, TimePoint now);

}  // namespace ams::ca
