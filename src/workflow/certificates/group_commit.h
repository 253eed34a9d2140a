#pragma once

// Group commit: concurrent write transactions gathered into one, so that one
// fsync carries many of them. SQLite commits a few thousand durable
// transactions per second on this disk; issuance over HTTP needs more
// certificates per second than that (issue #3 item 9).
//
// There is no timer: while one batch commits, the callers that arrive queue
// up, and the next batch is whatever queued (at most max_batch). Alone, a
// caller commits at once; under load, batches grow by themselves.
//
// The batches are committed by a thread of its own, the committer: one
// transaction at a time is all SQLite allows anyway, and the committer is
// what every issuance waits for, so the HTTP workers run at a lower
// priority than it (web/http/server.cc) and do not crowd it out of the
// cores while they parse and sign the next requests.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "base/status.h"
#include "store/store.h"

namespace ams::workflow {

// Holds a reference to the Store (must outlive it). Thread-safe.
class GroupCommit {
 public:
  using Work = std::function<Status(store::Transaction&)>;

  GroupCommit(store::Store& store, size_t max_batch);
  // Commits what is queued, then stops the committer.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `work` in a write transaction shared with other callers and returns
  // once that transaction has committed (OK) or `work` failed. A failing work
  // fails alone: the batch is rolled back and committed again without it, so
  // nothing it wrote survives and the others are unaffected. If the commit
  // itself fails (database unavailable), every work of the batch gets that
  // status.
  // REQUIRES: `work` can run more than once (as for Store::InTransaction,
  // which retries lost races) and does nothing outside the transaction.
  Status Run(const Work& work) { return Run(nullptr, work); }

  // The same with a read-only `check` first (e.g. the issuance rules): a
  // check that fails refuses its own work alone and costs the others
  // nothing, since it wrote nothing there is no rollback. The check runs in
  // the committing transaction, so what it read still holds when `work`
  // writes. `check` may be empty.
  Status Run(const Work* check, const Work& work);

  // Counts since construction, for tests and benchmarks.
  struct Stats {
    int64_t works = 0;         // Works committed.
    int64_t transactions = 0;  // Transactions attempted (batches and re-batches).
  };
  Stats stats() const;

 private:
  struct Pending {
    const Work* check = nullptr;  // May be null.
    const Work* work = nullptr;
    Status result;
    bool refused = false;  // The check failed: `result` says why.
    bool done = false;     // Guarded by mu_.
    std::condition_variable wake;  // Its caller waits here (with mu_).
  };
  // The committer: takes the queue in batches until stopped.
  void Loop();
  // Commits `batch` (on the committer, without the mutex).
  void Commit(std::deque<Pending*> batch);

  store::Store& store_;
  const size_t max_batch_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // The committer waits here for work.
  std::deque<Pending*> queue_;       // Guarded by mu_.
  bool committer_idle_ = false;      // Guarded by mu_.
  bool stop_ = false;                // Guarded by mu_.
  Stats stats_;                      // Guarded by mu_.
  std::thread committer_;            // Last: starts once the rest is set.
};

}  // namespace ams::workflow
