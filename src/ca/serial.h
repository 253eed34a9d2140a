#pragma once

// Certificate serial numbers. RFC 5280 §4.1.2.2: positive, at most 20
// octets; CA/B Forum BR §7.1: at least 64 bits from a CSPRNG. AMS serials are
// 16 random bytes (127 bits of entropy), first byte in 0x01..0x7f so the DER
// INTEGER is exactly 16 octets, positive, and never has a leading zero.
// The canonical text form ("serial hex") is lowercase hex of the magnitude
// without leading zero bytes: the key used by storage, CRL and OCSP alike.
// Pure functions; thread-safe if `random` is.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/random.h"
#include "base/result.h"
#include "ca/ossl/ossl.h"

namespace ams::ca {

inline constexpr size_t kSerialBytes = 16;

// A new serial (kSerialBytes bytes, big-endian magnitude).
std::vector<uint8_t> NewSerial(Random& random);

// Lowercase hex of the magnitude of a non-negative INTEGER, leading zero
// bytes dropped ("00" for zero). Negative serials (from foreign requests)
// get a "-" prefix so they never collide with ours.
std::string SerialHex(const ASN1_INTEGER* serial);
std::string SerialHex(const std::vector<uint8_t>& magnitude);

// Parses a serial hex (even or odd length, either case) into its magnitude
// bytes, leading zeros dropped. kInvalidArgument "serial_malformed" on
// non-hex, empty or more than 20 octets.
Result<std::vector<uint8_t>> ParseSerialHex(std::string_view hex);

// A positive ASN1_INTEGER with the given magnitude.
ossl::Asn1IntegerPtr SerialToAsn1(const std::vector<uint8_t>& magnitude);

}  // namespace ams::ca
