#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ams {

std::string HexEncode(const uint8_t* data, size_t n);
inline std::string HexEncode(const std::vector<uint8_t>& v) { return HexEncode(v.data(), v.size()); }
std::string HexEncode(std::string_view s);
std::optional<std::vector<uint8_t>> HexDecode(std::string_view hex);

// RFC 4648 §5, without padding.
std::string Base64UrlEncode(const std::vector<uint8_t>& data);
// RFC 4648 §4, with padding.
std::string Base64Encode(std::string_view data);
std::optional<std::string> Base64Decode(std::string_view b64);
// RFC 7468 text: "-----BEGIN <label>-----", the base64 of `der` in lines of
// 64, "-----END <label>-----", each line ending in "\n".
std::string PemEncode(std::string_view der, std::string_view label);

// Percent-encodes every byte but the unreserved characters (RFC 3986 §2.3):
// for URL query values and RFC 5987 filename*= parameters alike.
std::string PercentEncode(std::string_view text);

// SHA-256 as lowercase hex (libsodium).
std::string Sha256Hex(std::string_view data);

}  // namespace ams
