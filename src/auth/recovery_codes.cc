#include "auth/recovery_codes.h"

#include "auth/tokens.h"
#include "base/encoding.h"

namespace ams::auth {
namespace {

// Crockford base32 (www.crockford.com/base32.html), lower case for display.
constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr size_t kCodeChars = 12;  // 12 x 5 bits = 60 bits
constexpr size_t kGroup = 4;

}  // namespace

RecoveryCodes GenerateRecoveryCodes(Random& random, size_t count) {
  RecoveryCodes out;
  out.plaintext.reserve(count);
  out.hashes.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const std::vector<uint8_t> bytes = random.Bytes(kCodeChars);
    std::string code;
    for (size_t k = 0; k < kCodeChars; ++k) {
      if (k > 0 && k % kGroup == 0) code.push_back('-');
      // 32 divides 256, so the low five bits of a uniform byte are uniform.
      code.push_back(kAlphabet[bytes[k] & 0x1F]);
    }
    out.hashes.push_back(*HashRecoveryCode(code));
    out.plaintext.emplace_back(std::move(code));
  }
  return out;
}

std::optional<std::string> NormaliseRecoveryCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == 'o') c = '0';
    if (c == 'i' || c == 'l') c = '1';
    if (std::string_view(kAlphabet).find(c) == std::string_view::npos) return std::nullopt;
    if (out.size() == kCodeChars) return std::nullopt;
    out.push_back(c);
  }
  if (out.size() != kCodeChars) return std::nullopt;
  return out;
}

Result<std::string> HashRecoveryCode(std::string_view code) {
  std::optional<std::string> normal = NormaliseRecoveryCode(code);
  if (!normal) return Status::Invalid("invalid_recovery_code", "not 12 characters of the alphabet");
  // A fast hash is enough here, unlike for passwords: each code carries 60
  // random bits, so an attacker holding the hashes must try 2^59 candidates
  // on average per code; no user-chosen low-entropy secret is involved that
  // argon2's cost would protect. (Online guessing is limited by the login
  // throttle.)
  return Sha256Hex(*normal);
}

std::optional<size_t> FindRecoveryCode(std::string_view code,
                                       const std::vector<std::string>& stored_hashes) {
  Result<std::string> hash = HashRecoveryCode(code);
  if (!hash.ok()) return std::nullopt;
  std::optional<size_t> found;
  // Look at every entry, so the time does not tell which one matched.
  for (size_t i = 0; i < stored_hashes.size(); ++i) {
    if (ConstantTimeEquals(*hash, stored_hashes[i]) && !found) found = i;
  }
  return found;
}

}  // namespace ams::auth
