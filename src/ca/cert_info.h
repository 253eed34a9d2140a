#pragma once

// What a certificate says about itself, for people: the admin's CA page
// shows it for the root and issuing CA. Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace ams::ca {

// Plain value.
struct CertificateInfo {
  std::string subject;             // RFC 2253, e.g. "CN=AMS Root CA,O=...,C=ID"
  std::string issuer;
  std::string serial_hex;          // upper-case hex, no separators
  TimePoint not_before;
  TimePoint not_after;
  std::string key_type;            // "ecdsa-p256", "ecdsa-p384", "rsa-2048", "ed25519", ...
  std::string sha256_fingerprint;  // "AB:CD:..." over the DER
};

// kInvalidArgument "certificate_malformed" when `der` is not a certificate.
Result<CertificateInfo> DescribeCertificate(std::string_view der);

}  // namespace ams::ca
