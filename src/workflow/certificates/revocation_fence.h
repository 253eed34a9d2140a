#pragma once

// Lets the OCSP path skip its database read when no revocation can have
// committed since its last one (bench/README.md: cached OCSP answers at tens
// of thousands a second, yet never a stale answer, also when the CLI revokes
// beside a running server).
//
// Design. Two counters shared by every process on the host
// (base/shared_counters.h): `begun` and `ended`. A revoker adds 1 to begun
// before its write transaction and 1 to ended after it, whatever the
// outcome (Writing below), so a revocation whose call returned has moved
// both. A reader takes QuietStamp() *before* it reads the store:
//   - begun != ended: a revocation may be in flight; no stamp, read the store;
//   - begun == ended == s: every revocation begun so far has finished, so a
//     store read that follows sees them all. The reader remembers s with
//     that read, and later, while the stamp is still s, no revocation began
//     since: the cached answers are current without a read.
// (Why reading ended before begun makes begun == ended mean "none in
// flight": ended ≤ begun at every instant, both only grow, so
// ended(t1) = begun(t2) with t1 < t2 forces begun(t1) = ended(t1).)
// A process that dies between the two additions leaves begun > ended for
// good: every reader then reads the store on each request (the slow path,
// still correct) until the file is removed while no AMS process runs.
// Only for one host: nodes sharing a PostgreSQL share no memory, so that
// deployment has no fence and reads the counter per request.

#include <cstdint>
#include <optional>

#include "base/shared_counters.h"

namespace ams::workflow {

// Thread-safe and process-safe. Owns its SharedCounters.
class RevocationFence {
 public:
  // REQUIRES: `counters` has at least 2 counters.
  explicit RevocationFence(SharedCounters counters) : counters_(std::move(counters)) {}

  // Brackets one revoking write transaction (construct before it begins,
  // destroy after it committed or rolled back).
  class Writing {
   public:
    explicit Writing(RevocationFence* fence) : fence_(fence) {
      if (fence_ != nullptr) fence_->counters_.Add(kBegun, 1);
    }
    ~Writing() {
      if (fence_ != nullptr) fence_->counters_.Add(kEnded, 1);
    }
    Writing(const Writing&) = delete;
    Writing& operator=(const Writing&) = delete;

   private:
    RevocationFence* fence_;
  };

  // The stamp described above; nullopt while a revocation is in flight.
  std::optional<uint64_t> QuietStamp() const {
    const uint64_t ended = counters_.Load(kEnded);
    const uint64_t begun = counters_.Load(kBegun);
    if (begun != ended) return std::nullopt;
    return ended;
  }

 private:
  static constexpr size_t kBegun = 0;
  static constexpr size_t kEnded = 1;
  SharedCounters counters_;
};

}  // namespace ams::workflow
