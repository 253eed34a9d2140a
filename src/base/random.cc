#include "base/random.h"

#include <sodium.h>

#include <cstdlib>

#include "base/encoding.h"

namespace ams {

std::vector<uint8_t> Random::Bytes(size_t n) {
  std::vector<uint8_t> out(n);
  Fill(out.data(), n);
  return out;
}

std::string Random::Token(size_t n_bytes) { return Base64UrlEncode(Bytes(n_bytes)); }

SecureRandom::SecureRandom() {
  // sodium_init is idempotent and thread-safe; without it nothing is secure.
  if (sodium_init() < 0) std::abort();
}

void SecureRandom::Fill(uint8_t* out, size_t n) { randombytes_buf(out, n); }

}  // namespace ams
