#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "base/clock.h"
#include "base/result.h"
#include "notify/sender.h"
#include "store/store.h"

namespace ams::notify {

struct DispatcherOptions {
  // Mails claimed (and sent) per transaction. Default: 20.
  int batch = 20;
  // Wait before retry n (n >= 1 failed attempts): backoff_base * 2^(n-1),
  // at most backoff_max. Default: 30 s doubling up to 1 h.
  std::chrono::seconds backoff_base{30};
  std::chrono::seconds backoff_max{3600};
  // After this many failed attempts the mail is given up. Default: 20
  // (about 13 hours of trying with the defaults).
  int max_attempts = 20;
  // A round starts no new send after this long (but always tries one mail);
  // the mails it has not tried stay due for the next round. Bounds how long a round holds its locks to
  // round_budget plus one send (the Sender's timeout). Default: 5 s.
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
  int gave_up = 0;    // failed permanently or too often; kept with last_error "gave_up: ..."
  int left_over = 0;  // claimed but not tried: round_budget ran out; still due
};

// last_error of a given-up mail starts with this; its next_attempt_at is kNever.
inline constexpr const char* kGaveUpPrefix = "gave_up: ";
// 2200-01-01T00:00:00Z: "never" as a time a due-date query can compare. Not
// later: system_clock counts int64 nanoseconds, which end in 2262.
inline const TimePoint kNever = FromUnixSeconds(7258118400);

// How long to wait after the `failed_attempts`-th failure (>= 1).
std::chrono::seconds RetryDelay(const DispatcherOptions& options, int failed_attempts);

// OutboxDispatcher moves mail from the durable outbox (store::OutboxRepo) to a
// Sender. Each round claims a batch of due mails, sends them, and records
// every outcome, all inside ONE transaction:
//  - On PostgreSQL the claimed rows stay locked (FOR UPDATE SKIP LOCKED) until
//    that transaction commits, so dispatchers on several nodes never send the
//    same mail twice. On SQLite the write lock serialises rounds.
//  - The price: the transaction stays open while mail is sent, holding those
//    row locks (and on SQLite the database write lock, so other writers wait)
//    for the length of a round. At our volume (tens of mails a minute, a
//    relay answering in milliseconds) that is fine. Two limits keep a bad
//    server from stretching it: a server that is down or hangs costs one
//    timeout per round, not one per mail (kMailServerUnavailable), and no
//    send starts after round_budget.
//  - Delivery is at-least-once: if the process dies, or the commit fails,
//    after the server accepted a mail but before the commit, the mail is
//    still due and goes out again. Both copies carry the same Message-ID
//    (MessageIdFor). Within one RunOnce a retried transaction reuses the
//    outcomes it already has instead of sending again.
// Thread-safe: RunOnce and Wake may be called from any thread (each round has
// its own transaction); Start and Stop by the owner, from one thread. Keeps references to store,
// sender and clock, which must outlive it.
class OutboxDispatcher {
 public:
  OutboxDispatcher(store::Store& store, Sender& sender, const Clock& clock,
                   DispatcherOptions options = {});
  ~OutboxDispatcher();  // Stops the background thread.

  OutboxDispatcher(const OutboxDispatcher&) = delete;
  OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

  // One round. Returns what happened, or the store's error (kUnavailable,
  // kConflict) when the round could not be recorded: then every mail of the
  // round is still due, and those already sent go out again.
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
