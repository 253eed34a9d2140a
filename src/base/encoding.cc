#include "base/encoding.h"

#include <sodium.h>

namespace ams {

std::string HexEncode(const uint8_t* data, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0xf]);
  }
  return out;
}

std::string HexEncode(std::string_view s) {
  return HexEncode(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::optional<std::vector<uint8_t>> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  if (hex.empty()) return std::vector<uint8_t>();  // libsodium wants a non-null buffer
  std::vector<uint8_t> out(hex.size() / 2);
  size_t len = 0;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != out.size()) {
    return std::nullopt;
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Base64UrlEncode(const std::vector<uint8_t>& data) {
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(data.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), variant);
  out.resize(out.size() - 1);  // drop the terminating NUL
  return out;
}

std::string Base64Encode(std::string_view data) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_encoded_len(data.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()),
                    data.size(), variant);
  out.resize(out.size() - 1);
  return out;
}

std::string PemEncode(std::string_view der, std::string_view label) {
  const std::string b64 = Base64Encode(der);
  std::string out;
  out.reserve(b64.size() + b64.size() / 64 + 2 * label.size() + 40);
  out.append("-----BEGIN ").append(label).append("-----\n");
  for (size_t i = 0; i < b64.size(); i += 64) out.append(b64, i, 64).push_back('\n');
  out.append("-----END ").append(label).append("-----\n");
  return out;
}

std::optional<std::string> Base64Decode(std::string_view b64) {
  std::string out(b64.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.data(),
                        b64.size(), " \r\n\t", &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return HexEncode(digest, sizeof digest);
}

}  // namespace ams
