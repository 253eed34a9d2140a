#include "auth/totp.h"

#include <liboath/oath.h>
#include <sodium.h>

#include <cstdlib>
#include <mutex>

#include "base/encoding.h"

namespace ams::auth {
namespace {

constexpr size_t kSecretBytes = 20;
constexpr size_t kMinSecretBytes = 16;  // RFC 4226 §4 R6: at least 128 bits

void InitOath() {
  // oath_init is not documented as thread-safe; run it exactly once.
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) std::abort();
  });
}

bool ValidOptions(const TotpOptions& o) {
  return o.digits >= 6 && o.digits <= 8 && o.period_seconds > 0 && o.window_steps >= 0 &&
         o.window_steps <= 10;
}

bool IsUnreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string PercentEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (IsUnreserved(c) || c == '@') {
      out.push_back(c);
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += {'%', kHex[b >> 4], kHex[b & 0xF]};
    }
  }
  return out;
}

}  // namespace

TotpSecret GenerateTotpSecret(Random& random) { return TotpSecret(random.Bytes(kSecretBytes)); }

std::string TotpSecretToBase32(const TotpSecret& secret) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";  // RFC 4648 §6
  const std::vector<uint8_t>& bytes = secret.reveal();
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 0x1F]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 0x1F]);
  return out;
}

std::string TotpSecretToHex(const TotpSecret& secret) { return HexEncode(secret.reveal()); }

Result<TotpSecret> TotpSecretFromHex(std::string_view hex) {
  std::optional<std::vector<uint8_t>> bytes = HexDecode(hex);
  if (!bytes) return Status::Invalid("invalid_totp_secret", "not hex");
  if (bytes->size() < kMinSecretBytes) {
    return Status::Invalid("invalid_totp_secret", "shorter than 16 bytes");
  }
  return TotpSecret(std::move(*bytes));
}

std::string TotpUri(std::string_view issuer, std::string_view account, const TotpSecret& secret,
                    const TotpOptions& options) {
  // Key URI format (github.com/google/google-authenticator/wiki/Key-Uri-Format):
  // label "issuer:account", and issuer repeated as a parameter.
  const std::string enc_issuer = PercentEncode(issuer);
  return "otpauth://totp/" + enc_issuer + ":" + PercentEncode(account) +
         "?secret=" + TotpSecretToBase32(secret) + "&issuer=" + enc_issuer +
         "&algorithm=SHA1&digits=" + std::to_string(options.digits) +
         "&period=" + std::to_string(options.period_seconds);
}

int64_t TotpStep(TimePoint now, const TotpOptions& options) {
  const int64_t t = ToUnixSeconds(now);
  // Floor division: steps before 1970 are negative, not rounded towards 0.
  const int64_t p = options.period_seconds;
  return t >= 0 ? t / p : -((-t + p - 1) / p);
}

Result<std::string> TotpCodeAt(const TotpSecret& secret, int64_t step, const TotpOptions& options) {
  if (!ValidOptions(options)) return Status::Internal("TotpOptions out of range");
  if (step < 0) return Status::Internal("TOTP step before 1970");
  InitOath();
  const std::vector<uint8_t>& key = secret.reveal();
  char out[16] = {};
  // RFC 6238 §4.2: TOTP = HOTP(K, T) with T the step counter.
  const int rc = oath_hotp_generate(reinterpret_cast<const char*>(key.data()), key.size(),
                                    static_cast<uint64_t>(step), options.digits, false,
                                    OATH_HOTP_DYNAMIC_TRUNCATION, out);
  if (rc != OATH_OK)
    return Status::Internal(std::string("oath_hotp_generate: ") + oath_strerror(rc));
  return std::string(out);
}

Result<int64_t> VerifyTotp(const TotpSecret& secret, std::string_view code, TimePoint now,
                           int64_t last_used_step, const TotpOptions& options) {
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9' || digits.size() >= static_cast<size_t>(options.digits)) {
      return Status::Unauthenticated("totp_invalid", "not a code of the right length");
    }
    digits.push_back(c);
  }
  if (digits.size() != static_cast<size_t>(options.digits)) {
    return Status::Unauthenticated("totp_invalid", "not a code of the right length");
  }

  const int64_t current = TotpStep(now, options);
  bool replayed = false;
  // Oldest step first, so that when one code happens to match two steps the
  // lower unused one is recorded and fewer later codes are blocked.
  for (int64_t step = current - options.window_steps; step <= current + options.window_steps;
       ++step) {
    if (step < 0) continue;
    AMS_ASSIGN_OR_RETURN(const std::string expected, TotpCodeAt(secret, step, options));
    // Constant time, so that a timing side channel cannot leak digits.
    const bool match = sodium_memcmp(expected.data(), digits.data(), digits.size()) == 0;
    if (!match) continue;
    if (step <= last_used_step) {
      replayed = true;
      continue;
    }
    return step;
  }
  if (replayed) return Status::Unauthenticated("totp_replayed", "code already used");
  return Status::Unauthenticated("totp_invalid", "code does not match");
}

}  // namespace ams::auth
