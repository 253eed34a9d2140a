// Leader/follower group commit (see group_commit.h): the first caller to find
// no commit in progress becomes the leader, takes the queue, commits it and
// wakes the others; the callers that queued meanwhile form the next batch.
#include "workflow/certificates/group_commit.h"

#include <algorithm>

namespace ams::workflow {

GroupCommit::GroupCommit(store::Store& store, size_t max_batch)
    : store_(store), max_batch_(std::max<size_t>(max_batch, 1)) {}

Status GroupCommit::Run(const Work* check, const Work& work) {
  Pending me;
  me.check = check;
  me.work = &work;
  std::unique_lock lock(mu_);
  queue_.push_back(&me);
  while (!me.done) {
    if (leader_busy_) {
      me.wake.wait(lock);
      continue;
    }
    // Lead: take up to max_batch_ from the front. If the queue is longer,
    // `me` may stay queued for the next round, which this thread may lead.
    leader_busy_ = true;
    const size_t n = std::min(queue_.size(), max_batch_);
    std::deque<Pending*> batch(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
    lock.unlock();
    Commit(batch);
    lock.lock();
    // Only the callers of this batch, and the one to lead the next, are
    // woken: the rest have nothing to do yet. (Each Pending lives on its
    // caller's stack until that caller sees `done` under mu_.)
    for (Pending* p : batch) {
      p->done = true;
      if (p != &me) p->wake.notify_one();
    }
    leader_busy_ = false;
    if (!queue_.empty()) queue_.front()->wake.notify_one();
  }
  return me.result;
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
