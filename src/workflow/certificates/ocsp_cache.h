#pragma once

// Pre-signed OCSP responses, per serial, kept correct across processes.
//
// Design. Signing is the cost of an OCSP answer, so the basic response
// (RFC 5019: one SHA-1 CertID, no nonce) for each serial is signed once and
// reused until half its validity has passed. A cached answer must never be
// stale, also when another process (the CLI beside the server) or another
// node on the same PostgreSQL revokes. Every revocation increments one
// counter row in the revoking transaction and tags the certificate with the
// new value (store::CertificateRepo::Revoke). Before serving from the cache,
// the caller reads the counter (one single-row SELECT) and, when it moved
// since the last look, drops exactly the serials revoked in between
// (RevokedSince). An entry is only inserted if no such sync happened
// between the counter read that preceded its status lookup and the insert,
// so a "good" signed just before a revocation cannot slip in after the
// invalidation. Unknown serials are never cached (issuance turns unknown into
// good without touching the counter).

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/clock.h"

namespace ams::workflow {

// Thread-safe (one mutex; every operation is a hash-map access).
class OcspCache {
 public:
  explicit OcspCache(size_t max_entries) : max_entries_(max_entries) {}

  // The counter value this cache is synchronised with.
  int64_t synced() const;
  // Records that the store's counter is `counter` and that `revoked` holds
  // every serial revoked after synced(): drops them.
  void Sync(int64_t counter, const std::vector<std::string>& revoked);
  // Drops one serial (this process just changed its status).
  void Erase(const std::string& serial_hex);

  // The cached response for `serial_hex`, if signed after `fresh_after`.
  std::optional<std::string> Find(const std::string& serial_hex, TimePoint fresh_after) const;
  // Stores a response signed at `signed_at` whose status was read after the
  // counter showed `counter`. Ignored when the cache has synced past
  // `counter` since (the status may be stale). When full, the cache is
  // emptied first (simple and bounded; a refill costs one signature each).
  void Insert(const std::string& serial_hex, std::string der, TimePoint signed_at,
              int64_t counter);

  size_t size() const;

 private:
  struct Entry {
    std::string der;
    TimePoint signed_at;
  };
  const size_t max_entries_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // Guarded by mu_.
  int64_t synced_ = -1;                              // Guarded by mu_; -1: never.
};

}  // namespace ams::workflow
