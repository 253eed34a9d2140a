#pragma once

// One store read shared by concurrent callers. A caller waits for a read
// that began after it arrived, so that read sees everything committed
// before the call; the callers that arrive while one read runs share the
// next. Under load one read serves a whole wave of requests, and no caller
// ever gets an answer older than its own arrival. Used where every request
// must know the state of the store as of now: the OCSP responder without a
// revocation fence (several nodes on one PostgreSQL) and the CRL download.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "base/result.h"

namespace ams::workflow {

template <typename T>
class SharedRead {
 public:
  // Runs `read` (on this thread or another caller's) or waits for a run of
  // it that began after this call; returns what that run returned. `read`
  // must be the same operation for every caller.
  Result<T> Get(const std::function<Result<T>()>& read) {
    std::unique_lock lock(mu_);
    const uint64_t need = started_ + 1;  // The first read to begin from now on.
    while (finished_ < need) {
      if (running_) {
        cv_.wait(lock);
        continue;
      }
      running_ = true;
      const uint64_t mine = ++started_;
      lock.unlock();
      std::optional<Result<T>> got;
      try {
        got.emplace(read());
      } catch (...) {  // Not left running, or every later caller would wait forever.
        lock.lock();
        running_ = false;
        cv_.notify_all();
        throw;
      }
      lock.lock();
      running_ = false;
      finished_ = mine;
      last_ = std::move(got);
      cv_.notify_all();
    }
    return *last_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t started_ = 0;   // Reads begun, numbered from 1. Guarded by mu_.
  uint64_t finished_ = 0;  // The number of the last read done. Guarded by mu_.
  bool running_ = false;   // Guarded by mu_.
  std::optional<Result<T>> last_;  // What read `finished_` returned. Guarded by mu_.
};

}  // namespace ams::workflow
