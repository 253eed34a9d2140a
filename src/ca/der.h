#pragma once

// A minimal DER writer (X.690 §10) for structures AMS builds in bulk, where
// going through OpenSSL's ASN.1 objects is too slow (a 1,000,000-entry CRL).
// Encoding is not cryptography: signatures still come from EVP_DigestSign.
// Free functions appending to a std::string; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

namespace ams::ca::der {

inline constexpr uint8_t kBoolean = 0x01;
inline constexpr uint8_t kInteger = 0x02;
inline constexpr uint8_t kBitString = 0x03;
inline constexpr uint8_t kOctetString = 0x04;
inline constexpr uint8_t kOid = 0x06;
inline constexpr uint8_t kEnumerated = 0x0a;
inline constexpr uint8_t kUtcTime = 0x17;
inline constexpr uint8_t kGeneralizedTime = 0x18;
inline constexpr uint8_t kSequence = 0x30;
inline constexpr uint8_t kContext0Constructed = 0xa0;
inline constexpr uint8_t kContext0Primitive = 0x80;

// Tag and definite length (short form below 128, long form above).
void AppendHeader(std::string& out, uint8_t tag, size_t length);
// Size of AppendHeader's output.
size_t HeaderSize(size_t length);

// A complete TLV.
void AppendTlv(std::string& out, uint8_t tag, std::string_view content);
std::string Tlv(uint8_t tag, std::string_view content);

// A non-negative INTEGER from big-endian magnitude bytes: leading zeros
// dropped, a 0x00 pad added when the top bit is set. Empty means zero.
void AppendUnsignedInteger(std::string& out, const uint8_t* magnitude, size_t n);
void AppendUnsignedInteger(std::string& out, uint64_t value);

// RFC 5280 §4.1.2.5 / §5.1.2.4: UTCTime (YYMMDDHHMMSSZ) for 1950..2049,
// GeneralizedTime (YYYYMMDDHHMMSSZ) otherwise.
void AppendTime(std::string& out, int64_t unix_seconds);

// One element read by ReadTlv.
struct Element {
  uint8_t tag = 0;
  std::string_view content;  // The value octets.
  std::string_view whole;    // Tag, length and value: what a signature covers.
};

// Reads one element from the front of `in` and advances `in` past it.
// Strict DER: single-byte tags, definite minimal lengths (X.690 §10.1).
// Returns false on truncated or non-DER input, leaving `in` unspecified.
bool ReadTlv(std::string_view& in, Element& out);

// ReadTlv that also requires `tag`.
bool ReadExpected(std::string_view& in, uint8_t tag, Element& out);

}  // namespace ams::ca::der
