#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "notify/sender.h"
#include "store/store.h"

namespace ams::notify {

struct DispatcherOptions {
  // Mails claimed per round. Default: 100.
  int batch = 100;
  // Outcomes are recorded together, one transaction for what a stretch of
  // the round sent, at most this long after the send (and at the end of the
  // round). A crash in between sends those mails again (at-least-once).
  // Default: 100 ms.
  std::chrono::milliseconds record_every{100};
  // How long a claimed mail stays out of every other claim: the time a
  // round has to send it and record the outcome. Must exceed round_budget
  // plus one send (the Sender's timeout) by a wide margin; after a crash the
  // mail is due again when it ends. Default: 10 min.
  std::chrono::seconds lease{600};
  // Wait before retry n (n >= 1 failed attempts): backoff_base * 2^(n-1),
  // at most backoff_max. Default: 30 s doubling up to 1 h.
  std::chrono::seconds backoff_base{30};
  std::chrono::seconds backoff_max{3600};
  // After this many failed attempts the mail is given up. Default: 20
  // (about 13 hours of trying with the defaults).
  int max_attempts = 20;
  // A round starts no new send after this long (but always tries one mail);
  // the mails it has not tried are due again at once, for the next round.
  // Keeps a round well inside its lease. Default: 5 s.
  std::chrono::milliseconds round_budget{5000};
  // How often the background thread looks for due mail. Default: 1 s.
  std::chrono::milliseconds interval{1000};
  // Where give-ups and failed rounds are reported (one line each, no
  // secrets). Default: standard error.
  std::function<void(const std::string&)> log;
};

// What one RunOnce did.
struct DispatchStats {
  int claimed = 0;    // due mails claimed
  int sent = 0;       // handed over and marked sent
  int retried = 0;    // failed, retry scheduled (deferred ones included)
  int deferred = 0;   // not attempted: the server was down for an earlier mail
  int gave_up = 0;    // failed permanently or too often; kept (failed_at, last_error "gave_up: ...")
  int left_over = 0;  // claimed but not tried: round_budget ran out; due again at once
  int lease_lost = 0; // outcome not recorded: the lease had run out and another took the mail
};

// last_error of a given-up mail starts with this; its failed_at is set.
inline constexpr const char* kGaveUpPrefix = "gave_up: ";

// How long to wait after the `failed_attempts`-th failure (>= 1).
std::chrono::seconds RetryDelay(const DispatcherOptions& options, int failed_attempts);

// OutboxDispatcher moves mail from the durable outbox (store::OutboxRepo) to a
// Sender. Each round works under a lease (issue #4, defect a: it used to send
// inside the claiming transaction, holding SQLite's write lock for a whole
// SMTP exchange):
//  1. a short transaction claims a batch of due mails and leases them
//     (attempts + 1, not due before now + lease), then commits;
//  2. each mail is sent outside any transaction;
//  3. its outcome is recorded in another short transaction, shared with the
//     outcomes of the mails sent just before it (record_every): sent; to be
//     retried after an exponential back-off (RetryDelay); given up and kept
//     (failed_at) after a permanent failure or max_attempts; or released
//     untried.
//  - Several nodes on one PostgreSQL never send the same mail twice: the claim
//    skips rows another claim holds (FOR UPDATE SKIP LOCKED) and, once
//    committed, the lease keeps them out of every later claim. An outcome is
//    recorded only by the holder of the current lease (the attempt number is
//    its token).
//  - A server that is down or hangs costs one timeout per round, not one per
//    mail (kMailServerUnavailable): the rest of the batch waits untried.
//  - Delivery is at-least-once: if the process dies, or the outcome cannot be
//    recorded, after the server accepted a mail, the mail is due again when
//    its lease ends and goes out again, with the same Message-ID
//    (MessageIdFor).
// Thread-safe: RunOnce and Wake may be called from any thread; Start and Stop
// by the owner, from one thread. Keeps references to store, sender and
// clock, which must outlive it.
class OutboxDispatcher {
 public:
  OutboxDispatcher(store::Store& store, Sender& sender, const Clock& clock,
                   DispatcherOptions options = {});
  ~OutboxDispatcher();  // Stops the background thread.

  OutboxDispatcher(const OutboxDispatcher&) = delete;
  OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

  // One round. Returns what happened, or the store's error (kUnavailable,
  // kConflict) when the claim or an outcome could not be recorded: the round
  // stops there, and what it claimed and did not record is due again when
  // the lease ends.
  Result<DispatchStats> RunOnce();

  // Runs RunOnce on a background thread every `interval`, at once after
  // Wake(), and again without waiting while rounds come back full.
  // REQUIRES: not running.
  void Start();
  // Asks for a round now (e.g. after a commit that enqueued mail). Cheap;
  // does nothing when not running.
  void Wake();
  // Lets the round in progress finish, then joins the thread. Idempotent.
  void Stop();

 private:
  void Loop();
  void Log(const std::string& line) const;
  // What became of one claimed mail. `tried` false: released untried, due
  // at retry_at.
  struct Outcome {
    const OutgoingMail* mail;
    Status status;
    bool tried;
    TimePoint retry_at;
  };
  // Makes the sender's deliveries durable (Sender::Flush), then records the
  // outcomes in one transaction and counts them in `stats`; clears them.
  Status Record(std::vector<Outcome>& outcomes, DispatchStats& stats);
  // Logs why the round stopped and returns `recorded`.
  Status RoundStopped(const Status& recorded);

  store::Store& store_;
  Sender& sender_;
  const Clock& clock_;
  const DispatcherOptions options_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;   // guarded by mu_
  bool woken_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace ams::notify
