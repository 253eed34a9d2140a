#include "notify/dispatcher.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

namespace ams::notify {

std::chrono::seconds RetryDelay(const DispatcherOptions& options, int failed_attempts) {
  std::chrono::seconds delay = options.backoff_base;
  // Doubling stops at the cap, so no number of attempts can overflow.
  for (int i = 1; i < failed_attempts && delay < options.backoff_max; ++i) delay *= 2;
  return std::min(delay, options.backoff_max);
}

OutboxDispatcher::OutboxDispatcher(store::Store& store, Sender& sender, const Clock& clock,
                                   DispatcherOptions options)
    : store_(store), sender_(sender), clock_(clock), options_(std::move(options)) {}

OutboxDispatcher::~OutboxDispatcher() { Stop(); }

void OutboxDispatcher::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::fprintf(stderr, "outbox: %s\n", line.c_str());
  }
}

Status OutboxDispatcher::Settle(const OutgoingMail& mail, const Status& outcome,
                                bool tried, TimePoint retry_at, DispatchStats& stats) {
  const TimePoint now = clock_.Now();
  enum { kSent, kRetry, kGiveUp, kRelease } what;
  if (!tried) {
    what = kRelease;
  } else if (outcome.ok()) {
    what = kSent;
  } else if (outcome.code() == Code::kInvalidArgument || mail.attempts >= options_.max_attempts) {
    // A permanent failure (5xx, bad address) cannot get better by waiting.
    what = kGiveUp;
  } else {
    what = kRetry;
  }
  bool held = false;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    store::OutboxRepo& outbox = tx.outbox();
    Result<bool> r = what == kSent     ? outbox.MarkSent(mail.id, mail.attempts, now)
                     : what == kRetry  ? outbox.MarkFailed(mail.id, mail.attempts,
                                                           outcome.ToString(), retry_at)
                     : what == kGiveUp ? outbox.GiveUp(mail.id, mail.attempts,
                                                       kGaveUpPrefix + outcome.ToString(), now)
                                       : outbox.Release(mail.id, mail.attempts, retry_at,
                                                        outcome.ok() ? "" : outcome.ToString());
    AMS_ASSIGN_OR_RETURN(held, std::move(r));
    return Status();
  });
  if (!s.ok()) return s;
  if (!held) {
    // Our lease ran out and another dispatcher has the mail now: its outcome
    // counts. (The lease is far longer than a round, so this means a stall.)
    Log("lease of mail " + std::to_string(mail.id) + " ran out before its outcome was recorded");
    ++stats.lease_lost;
    return Status();
  }
  switch (what) {
    case kSent:
      ++stats.sent;
      break;
    case kRetry:
      ++stats.retried;
      break;
    case kGiveUp:
      ++stats.gave_up;
      Log("gave up mail " + std::to_string(mail.id) + " after " + std::to_string(mail.attempts) +
          " attempt(s): " + outcome.ToString());
      break;
    case kRelease:
      break;
  }
  return Status();
}

Result<DispatchStats> OutboxDispatcher::RunOnce() {
  DispatchStats stats;
  const TimePoint now = clock_.Now();
  std::vector<OutgoingMail> mails;
  // A short transaction of its own: the claim sets the lease and commits
  // before any mail is sent, so no lock is held while a mail server talks.
  Status claimed = store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(mails, tx.outbox().ClaimDue(now, now + options_.lease, options_.batch));
    return Status();
  });
  if (!claimed.ok()) {
    Log("could not claim mail: " + claimed.ToString());
    return claimed;
  }
  stats.claimed = static_cast<int>(mails.size());

  // Real time, not clock_: the budget keeps the round well inside its lease.
  const auto round_start = std::chrono::steady_clock::now();
  std::optional<Status> server_down, first_failure;
  TimePoint server_retry_at;
  bool tried_one = false;
  for (const OutgoingMail& mail : mails) {
    Status outcome;
    bool tried = true;
    TimePoint retry_at = now + RetryDelay(options_, mail.attempts);
    if (server_down) {
      // Another connect timeout would only make the round longer. The rest
      // wait as long as the mail that found the server down; not tried, they
      // spend no attempt, but say why they wait.
      tried = false;
      outcome = *server_down;
      retry_at = server_retry_at;
      ++stats.retried;
      ++stats.deferred;
    } else if (tried_one &&
               std::chrono::steady_clock::now() - round_start >= options_.round_budget) {
      // Out of time: due again at once, for the next round.
      tried = false;
      retry_at = now;
      ++stats.left_over;
    } else {
      tried_one = true;
      outcome = sender_.Send(mail);
      if (outcome.code() == Code::kUnavailable && outcome.reason() == kMailServerUnavailable) {
        server_down = outcome;
        server_retry_at = retry_at;
      }
      if (!outcome.ok() && !first_failure) first_failure = outcome;
    }
    Status recorded = Settle(mail, outcome, tried, retry_at, stats);
    if (!recorded.ok()) {
      // The database is in trouble: stop. What this round claimed and did not
      // record comes back when its lease ends; one already sent goes out
      // again then, with the same Message-ID (at-least-once).
      Log("round stopped, the outcome of mail " + std::to_string(mail.id) +
          " was not recorded: " + recorded.ToString());
      return recorded;
    }
  }
  if (stats.retried > 0 && first_failure) {
    Log(std::to_string(stats.retried) + " mail(s) will be retried: " + first_failure->ToString());
  }
  return stats;
}

void OutboxDispatcher::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  stop_ = false;
  woken_ = false;
  thread_ = std::thread(&OutboxDispatcher::Loop, this);
}

void OutboxDispatcher::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_one();
}

void OutboxDispatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!thread_.joinable()) return;
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void OutboxDispatcher::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    woken_ = false;
    lock.unlock();
    Result<DispatchStats> round = RunOnce();
    lock.lock();
    // A full round suggests more is due: go again at once, unless the server
    // is down (then waiting is the point).
    // A round cut short by round_budget counts as full: the rest go next.
    const bool full = round.ok() && round->claimed >= options_.batch && round->deferred == 0;
    if (!full) cv_.wait_for(lock, options_.interval, [&] { return stop_ || woken_; });
  }
}

}  // namespace ams::notify
