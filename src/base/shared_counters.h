#pragma once

// A few 64-bit counters in a small file mapped shared (mmap MAP_SHARED) into
// every process that opens it. Processes on one host see each other's
// increments at once and with no system call per access: the page is the
// same page of the page cache in all of them. Used by the OCSP path to learn
// without a database read that no revocation happened (workflow/
// certificates/revocation_fence.h).

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/result.h"

namespace ams {

// Owns the mapping (unmapped by the destructor); movable, not copyable.
// Load and Add are thread-safe and process-safe (atomic, sequentially
// consistent); the file's content is only ever changed through Add.
class SharedCounters {
 public:
  // Maps `count` counters from `path`, creating the file (mode 0600, zeros)
  // if needed. kUnavailable "shared_counters_unavailable" if it cannot be
  // created or mapped. REQUIRES: 0 < count <= 64.
  static Result<SharedCounters> Open(const std::string& path, size_t count);

  SharedCounters(SharedCounters&& other) noexcept;
  SharedCounters& operator=(SharedCounters&& other) noexcept;
  SharedCounters(const SharedCounters&) = delete;
  SharedCounters& operator=(const SharedCounters&) = delete;
  ~SharedCounters();

  // REQUIRES: i < count.
  uint64_t Load(size_t i) const;
  void Add(size_t i, uint64_t n);

 private:
  SharedCounters(uint64_t* words, size_t count) : words_(words), count_(count) {}
  uint64_t* words_ = nullptr;
  size_t count_ = 0;
};

}  // namespace ams
