// libFuzzer target for the OCSP request parser (ca/ocsp.h): /ocsp accepts
// requests from anyone, unauthenticated, so ParseOcspRequest must reject any
// byte string cleanly. Any crash, sanitizer report or broken contract below
// fails the run.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ca/ocsp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  ams::Result<ams::ca::OcspRequestInfo> request = ams::ca::ParseOcspRequest(input);
  if (!request.ok()) {
    if (request.status().code() != ams::Code::kInvalidArgument) std::abort();
    return 0;
  }
  // The documented bounds of an accepted request (ca/ocsp.h).
  if (request->cert_ids.empty() || request->cert_ids.size() > ams::ca::kMaxOcspCertIds) {
    std::abort();
  }
  for (const ams::ca::OcspCertId& id : request->cert_ids) {
    if (id.der.empty() || id.serial_hex.empty()) std::abort();
  }
  if (request->nonce && request->nonce->size() > input.size()) std::abort();
  return 0;
}
