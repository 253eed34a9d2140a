// Group commit on a thread of its own (see group_commit.h): callers queue
// their work and wait; the committer takes what queued, commits it as one
// transaction and wakes those callers; what queued meanwhile is the next
// batch.
#include "workflow/certificates/group_commit.h"

#include <algorithm>

#include "base/thread_name.h"

namespace ams::workflow {

// The committer starts here, not at the first Run: a thread inherits its
// creator's priority, and the first Run comes from an HTTP worker that has
// lowered its own (web/http/server.cc), which unprivileged it cannot undo.
GroupCommit::GroupCommit(store::Store& store, size_t max_batch)
    : store_(store),
      max_batch_(std::max<size_t>(max_batch, 1)),
      committer_(&GroupCommit::Loop, this) {}

GroupCommit::~GroupCommit() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_one();
  if (committer_.joinable()) committer_.join();
}

Status GroupCommit::Run(const Work* check, const Work& work) {
  Pending me;
  me.check = check;
  me.work = &work;
  std::unique_lock lock(mu_);
  queue_.push_back(&me);
  if (committer_idle_) work_cv_.notify_one();
  // Each Pending lives on its caller's stack until that caller sees `done`
  // under mu_.
  me.wake.wait(lock, [&] { return me.done; });
  return me.result;
}

void GroupCommit::Loop() {
  NameThisThread("ams-commit");
  std::unique_lock lock(mu_);
  for (;;) {
    committer_idle_ = true;
    work_cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    committer_idle_ = false;
    // Stopping still commits what is queued: its callers are waiting.
    if (queue_.empty()) return;
    const size_t n = std::min(queue_.size(), max_batch_);
    std::deque<Pending*> batch(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
    lock.unlock();
    Commit(batch);
    lock.lock();
    for (Pending* p : batch) {
      p->done = true;
      p->wake.notify_one();
    }
  }
}

void GroupCommit::Commit(std::deque<Pending*> batch) {
  int64_t transactions = 0;
  int64_t committed = 0;
  while (!batch.empty()) {
    Pending* failed = nullptr;
    ++transactions;
    Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
      failed = nullptr;  // The store may run this again after a lost race.
      for (Pending* p : batch) {
        if (p->check != nullptr) {
          // A refusal wrote nothing: the transaction goes on without it.
          p->refused = false;
          Status c = (*p->check)(tx);
          if (!c.ok()) {
            p->result = c;
            p->refused = true;
            continue;
          }
        }
        Status r = (*p->work)(tx);
        if (!r.ok()) {
          failed = p;
          return r;
        }
      }
      return Status();
    });
    if (s.ok()) {
      for (Pending* p : batch) {
        if (p->refused) continue;
        p->result = Status();
        ++committed;
      }
      break;
    }
    if (failed == nullptr) {
      // The transaction itself failed (BEGIN or COMMIT): nothing committed.
      // A refusal stands: it did not depend on the commit.
      for (Pending* p : batch) {
        if (!p->refused) p->result = s;
      }
      break;
    }
    // Roll back, drop the failing work with its own status, commit the rest.
    failed->result = s;
    batch.erase(std::find(batch.begin(), batch.end(), failed));
  }
  std::lock_guard lock(mu_);
  stats_.transactions += transactions;
  stats_.works += committed;
}

GroupCommit::Stats GroupCommit::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace ams::workflow
