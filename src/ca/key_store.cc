#include "ca/key_store.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstring>

#include "ca/file_util.h"
#include "ca/ossl/util.h"

namespace ams::ca {
namespace {

// RFC 7914 §2 parameters: the OpenSSL CLI default, and within OpenSSL's
// default 32 MiB scrypt memory limit (128 * r * N = 16 MiB).
constexpr uint64_t kScryptN = 1 << 14;
constexpr uint64_t kScryptR = 8;
constexpr uint64_t kScryptP = 1;

Status CheckName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 32;
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  }
  if (!ok) return Status::Invalid("ca_key_name_invalid", "bad key name");
  return Status::Ok();
}

// PEM password callback that hands OpenSSL the passphrase; `u` is the
// SecretString. Returning it through the callback (not as a C string in `u`)
// lets OpenSSL copy it only into its own buffer.
int PassphraseCallback(char* buf, int size, int /*rwflag*/, void* u) {
  const std::string& pass = static_cast<const SecretString*>(u)->reveal();
  if (pass.size() > static_cast<size_t>(size)) return -1;
  std::memcpy(buf, pass.data(), pass.size());
  return static_cast<int>(pass.size());
}

}  // namespace

EncryptedFileKeyStore::EncryptedFileKeyStore(std::filesystem::path dir, SecretString passphrase)
    : dir_(std::move(dir)), passphrase_(std::move(passphrase)) {}

std::filesystem::path EncryptedFileKeyStore::PathFor(std::string_view name) const {
  return dir_ / (std::string(name) + ".key.pem");
}

Status EncryptedFileKeyStore::Put(std::string_view name, EVP_PKEY* key) {
  AMS_RETURN_IF_ERROR(CheckName(name));
  const std::string& pass = passphrase_.reveal();
  if (pass.empty()) return Status::FailedPrecondition("ca_key_passphrase_empty");

  ossl::Pkcs8PrivPtr p8(EVP_PKEY2PKCS8(key));
  if (!p8) return ossl::InternalError("EVP_PKEY2PKCS8");
  ossl::X509AlgorPtr pbe(
      PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nullptr, 0, nullptr, kScryptN, kScryptR, kScryptP));
  if (!pbe) return ossl::InternalError("PKCS5_pbe2_set_scrypt");
  ossl::X509SigPtr encrypted(
      PKCS8_set0_pbe(pass.data(), static_cast<int>(pass.size()), p8.get(), pbe.get()));
  if (!encrypted) return ossl::InternalError("PKCS8_set0_pbe");
  pbe.release();  // PKCS8_set0_pbe took ownership on success.
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PKCS8(bio.get(), encrypted.get()) != 1) {
    return ossl::InternalError("PEM_write_bio_PKCS8");
  }
  const std::string pem = ossl::BioContents(bio.get());
  Status s = WriteFileAtomic(PathFor(name), pem, 0600, /*overwrite=*/false);
  if (s.code() == Code::kConflict) return Status::Conflict("ca_key_exists", s.detail());
  return s;
}

Result<ossl::PkeyPtr> EncryptedFileKeyStore::Get(std::string_view name) const {
  AMS_RETURN_IF_ERROR(CheckName(name));
  AMS_ASSIGN_OR_RETURN(const std::string pem, ReadFile(PathFor(name), "ca_key_not_found", 1 << 20));
  ossl::BioPtr bio = ossl::MemBio(pem);
  ERR_clear_error();
  ossl::PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, PassphraseCallback,
                                            const_cast<SecretString*>(&passphrase_)));
  if (!key) {
    // A wrong passphrase shows up as a decryption failure; the detail names
    // the file and OpenSSL's reason, never the passphrase.
    return Status::Unauthenticated(
        "ca_key_passphrase_wrong",
        "cannot decrypt " + PathFor(name).string() + ": " + ossl::DrainErrors());
  }
  return key;
}

}  // namespace ams::ca
