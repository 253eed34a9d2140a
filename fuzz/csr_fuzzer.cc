// libFuzzer target for the PKCS#10 parser (ca/csr.h): CSRs arrive from
// applicants over HTTP, so ParseCsr must reject any byte string cleanly.
// Any crash, sanitizer report or broken contract below fails the run.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ca/csr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  ams::Result<ams::ca::ParsedCsr> csr = ams::ca::ParseCsr(input);
  if (csr.ok()) {
    // An accepted CSR always yields a key to certify and its type.
    if (csr->spki_der.empty() || csr->key_type.empty()) std::abort();
  } else if (csr.status().code() != ams::Code::kInvalidArgument) {
    // Bad input is the caller's fault (4xx), never an internal error.
    std::abort();
  }
  return 0;
}
