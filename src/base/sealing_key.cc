#include "base/sealing_key.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

#include "base/encoding.h"

namespace ams {

namespace {

constexpr std::string_view kFileMagic = "AMSSK1";
// argon2id with libsodium's "interactive" limits (64 MiB, ~0.1 s): paid once
// per `ams serve` start. The same passphrase protects the CA keys.
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void InitSodium() {
  if (sodium_init() < 0) std::abort();  // idempotent and thread-safe
}

std::string_view AsChars(const std::vector<uint8_t>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size()};
}

// The key that seals the key: from the passphrase and a salt.
bool PassphraseKey(const SecretString& passphrase, const uint8_t* salt,
                   uint8_t out[crypto_secretbox_KEYBYTES]) {
  const std::string& p = passphrase.reveal();
  return crypto_pwhash(out, crypto_secretbox_KEYBYTES, p.data(), p.size(), salt, kOpsLimit,
                       kMemLimit, crypto_pwhash_ALG_ARGON2ID13) == 0;
}

}  // namespace

static_assert(SealingKey::kBytes == crypto_secretbox_KEYBYTES);

SealingKey SealingKey::Generate(Random& random) {
  std::vector<uint8_t> bytes = random.Bytes(kBytes);
  SealingKey k;
  k.key_ = SecretString(std::string(AsChars(bytes)));
  sodium_memzero(bytes.data(), bytes.size());
  return k;
}

SealingKey SealingKey::FromBytes(const std::array<uint8_t, kBytes>& bytes) {
  SealingKey k;
  k.key_ = SecretString(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  return k;
}

std::string SealingKey::Export(const SecretString& passphrase, Random& random) const {
  InitSodium();
  std::vector<uint8_t> salt = random.Bytes(crypto_pwhash_SALTBYTES);
  std::vector<uint8_t> nonce = random.Bytes(crypto_secretbox_NONCEBYTES);
  uint8_t wrapping[crypto_secretbox_KEYBYTES];
  if (!PassphraseKey(passphrase, salt.data(), wrapping)) std::abort();  // out of memory
  std::vector<uint8_t> box(crypto_secretbox_MACBYTES + kBytes);
  crypto_secretbox_easy(box.data(), reinterpret_cast<const uint8_t*>(key_.reveal().data()), kBytes,
                        nonce.data(), wrapping);
  sodium_memzero(wrapping, sizeof wrapping);
  std::string out(kFileMagic);
  out += AsChars(salt);
  out += AsChars(nonce);
  out += AsChars(box);
  return out;
}

Result<SealingKey> SealingKey::Import(std::string_view exported, const SecretString& passphrase) {
  InitSodium();
  const size_t size = kFileMagic.size() + crypto_pwhash_SALTBYTES + crypto_secretbox_NONCEBYTES +
                      crypto_secretbox_MACBYTES + kBytes;
  const Status unreadable = Status::FailedPrecondition(
      "sealing_key_unreadable", "damaged, or sealed under another CA key passphrase");
  if (exported.size() != size || !exported.starts_with(kFileMagic)) return unreadable;
  const auto* p = reinterpret_cast<const uint8_t*>(exported.data()) + kFileMagic.size();
  const uint8_t* salt = p;
  const uint8_t* nonce = salt + crypto_pwhash_SALTBYTES;
  const uint8_t* box = nonce + crypto_secretbox_NONCEBYTES;
  uint8_t wrapping[crypto_secretbox_KEYBYTES];
  if (!PassphraseKey(passphrase, salt, wrapping)) return Status::Internal("argon2id failed");
  std::string key(kBytes, '\0');
  const int opened = crypto_secretbox_open_easy(reinterpret_cast<uint8_t*>(key.data()), box,
                                                crypto_secretbox_MACBYTES + kBytes, nonce, wrapping);
  sodium_memzero(wrapping, sizeof wrapping);
  if (opened != 0) return unreadable;
  SealingKey k;
  k.key_ = SecretString(std::move(key));
  return k;
}

std::string SealingKey::Seal(std::string_view plaintext, Random& random) const {
  InitSodium();
  std::vector<uint8_t> sealed = random.Bytes(crypto_secretbox_NONCEBYTES);
  sealed.resize(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
  crypto_secretbox_easy(sealed.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const uint8_t*>(plaintext.data()), plaintext.size(),
                        sealed.data(), reinterpret_cast<const uint8_t*>(key_.reveal().data()));
  return std::string(kPrefix) + Base64Encode(AsChars(sealed));
}

Result<std::string> SealingKey::Open(std::string_view sealed) const {
  InitSodium();
  const Status unreadable = Status::FailedPrecondition(
      "sealed_value_unreadable", "sealed under another key, or altered");
  if (!IsSealed(sealed)) return unreadable;
  std::optional<std::string> raw = Base64Decode(sealed.substr(kPrefix.size()));
  if (!raw || raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return unreadable;
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(raw->data());
  const size_t box_size = raw->size() - crypto_secretbox_NONCEBYTES;
  std::string plain(box_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<uint8_t*>(plain.data()),
                                 bytes + crypto_secretbox_NONCEBYTES, box_size, bytes,
                                 reinterpret_cast<const uint8_t*>(key_.reveal().data())) != 0) {
    return unreadable;
  }
  return plain;
}

}  // namespace ams
