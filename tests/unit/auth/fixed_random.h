#pragma once

#include <cstdint>

#include "base/random.h"

namespace ams::auth::testing {

// A deterministic Random for tests: bytes count up from `start`.
class FixedRandom final : public Random {
 public:
  explicit FixedRandom(uint8_t start = 0) : next_(start) {}
  void Fill(uint8_t* out, size_t n) override {
    for (size_t i = 0; i < n; ++i) out[i] = next_++;
  }

 private:
  uint8_t next_;
};

}  // namespace ams::auth::testing
