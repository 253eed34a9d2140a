#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ams {

// Random is the seam for randomness. SecureRandom draws from libsodium's CSPRNG
// and is thread-safe; tests may substitute a deterministic source.
class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(uint8_t* out, size_t n) = 0;

  std::vector<uint8_t> Bytes(size_t n);
  // n random bytes as URL-safe base64 without padding: for tokens and ids.
  std::string Token(size_t n_bytes = 32);
};

class SecureRandom final : public Random {
 public:
  SecureRandom();
  void Fill(uint8_t* out, size_t n) override;
};

}  // namespace ams
