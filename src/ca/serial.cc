#include "ca/serial.h"

#include "base/encoding.h"

namespace ams::ca {

std::vector<uint8_t> NewSerial(Random& random) {
  std::vector<uint8_t> serial = random.Bytes(kSerialBytes);
  // Clear the top bit so the INTEGER is positive without a 0x00 pad (which
  // would make it 17 octets), and keep the first byte non-zero so the
  // encoding is exactly 16 octets: DER forbids a leading 0x00 before a byte
  // < 0x80, and some clients mishandle shorter serials.
  serial[0] &= 0x7f;
  if (serial[0] == 0) serial[0] = 0x01;
  return serial;
}

std::string SerialHex(const std::vector<uint8_t>& magnitude) {
  size_t start = 0;
  while (start < magnitude.size() && magnitude[start] == 0) ++start;
  if (start == magnitude.size()) return "00";
  return HexEncode(magnitude.data() + start, magnitude.size() - start);
}

std::string SerialHex(const ASN1_INTEGER* serial) {
  if (serial == nullptr) return "00";
  const unsigned char* data = ASN1_STRING_get0_data(serial);
  const int len = ASN1_STRING_length(serial);
  std::vector<uint8_t> magnitude(data, data + (len > 0 ? len : 0));
  std::string hex = SerialHex(magnitude);
  if (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER) hex.insert(0, "-");
  return hex;
}

Result<std::vector<uint8_t>> ParseSerialHex(std::string_view hex) {
  std::string even(hex);
  if (even.size() % 2 != 0) even.insert(0, "0");
  for (char& c : even) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  std::optional<std::vector<uint8_t>> bytes = HexDecode(even);
  if (hex.empty() || !bytes.has_value()) {
    return Status::Invalid("serial_malformed", "serial is not hex: " + std::string(hex));
  }
  size_t start = 0;
  while (start + 1 < bytes->size() && (*bytes)[start] == 0) ++start;
  std::vector<uint8_t> magnitude(bytes->begin() + static_cast<long>(start), bytes->end());
  // RFC 5280 §4.1.2.2: at most 20 octets including a 0x00 sign pad.
  if (magnitude.size() + ((magnitude[0] & 0x80) ? 1 : 0) > 20) {
    return Status::Invalid("serial_malformed", "serial longer than 20 octets");
  }
  return magnitude;
}

ossl::Asn1IntegerPtr SerialToAsn1(const std::vector<uint8_t>& magnitude) {
  ossl::BignumPtr bn(BN_bin2bn(magnitude.data(), static_cast<int>(magnitude.size()), nullptr));
  if (!bn) return nullptr;
  return ossl::Asn1IntegerPtr(BN_to_ASN1_INTEGER(bn.get(), nullptr));
}

}  // namespace ams::ca
