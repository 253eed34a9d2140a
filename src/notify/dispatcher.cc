#include "notify/dispatcher.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "base/thread_name.h"

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

namespace {

enum class Disposition { kSent, kRetry, kGiveUp, kRelease };

}  // namespace

Status OutboxDispatcher::Record(std::vector<Outcome>& outcomes, DispatchStats& stats) {
  if (outcomes.empty()) return Status();
  const TimePoint now = clock_.Now();
  // What the sender handed over becomes durable first (EmlSender: the
  // folder's new entries); if it cannot, those mails count as failed and go
  // out again later.
  bool any_sent = false;
  for (const Outcome& o : outcomes) any_sent = any_sent || (o.tried && o.status.ok());
  if (any_sent) {
    Status flushed = sender_.Flush();
    if (!flushed.ok()) {
      int n = 0;
      for (Outcome& o : outcomes) {
        if (o.tried && o.status.ok()) {
          o.status = flushed;
          ++n;
        }
      }
      Log(std::to_string(n) + " mail(s) handed over but not made durable, to be sent again: " +
          flushed.ToString());
    }
  }
  std::vector<Disposition> what(outcomes.size());
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    if (!o.tried) {
      what[i] = Disposition::kRelease;
    } else if (o.status.ok()) {
      what[i] = Disposition::kSent;
    } else if (o.status.code() == Code::kInvalidArgument ||
               o.mail->attempts >= options_.max_attempts) {
      // A permanent failure (5xx, bad address) cannot get better by waiting.
      what[i] = Disposition::kGiveUp;
    } else {
      what[i] = Disposition::kRetry;
    }
  }
  // One transaction (one commit, one fsync) for the outcomes of a stretch of
  // the round, not one per mail.
  std::vector<bool> held(outcomes.size());
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    store::OutboxRepo& outbox = tx.outbox();
    for (size_t i = 0; i < outcomes.size(); ++i) {
      const Outcome& o = outcomes[i];
      const OutgoingMail& mail = *o.mail;
      Result<bool> r =
          what[i] == Disposition::kSent  ? outbox.MarkSent(mail.id, mail.attempts, now)
          : what[i] == Disposition::kRetry
              ? outbox.MarkFailed(mail.id, mail.attempts, o.status.ToString(), o.retry_at)
          : what[i] == Disposition::kGiveUp
              ? outbox.GiveUp(mail.id, mail.attempts, kGaveUpPrefix + o.status.ToString(), now)
              : outbox.Release(mail.id, mail.attempts, o.retry_at,
                               o.status.ok() ? "" : o.status.ToString());
      AMS_ASSIGN_OR_RETURN(bool h, std::move(r));
      held[i] = h;
    }
    return Status();
  });
  if (!s.ok()) return s;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const OutgoingMail& mail = *outcomes[i].mail;
    if (!held[i]) {
      // Our lease ran out and another dispatcher has the mail now: its
      // outcome counts. (The lease is far longer than a round: a stall.)
      Log("lease of mail " + std::to_string(mail.id) + " ran out before its outcome was recorded");
      ++stats.lease_lost;
      continue;
    }
    switch (what[i]) {
      case Disposition::kSent:
        ++stats.sent;
        break;
      case Disposition::kRetry:
        ++stats.retried;
        break;
      case Disposition::kGiveUp:
        ++stats.gave_up;
        Log("gave up mail " + std::to_string(mail.id) + " after " +
            std::to_string(mail.attempts) + " attempt(s): " + outcomes[i].status.ToString());
        break;
      case Disposition::kRelease:
        break;
    }
  }
  outcomes.clear();
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
  auto last_recorded = round_start;
  std::optional<Status> server_down, first_failure;
  TimePoint server_retry_at;
  bool tried_one = false;
  std::vector<Outcome> unrecorded;
  for (const OutgoingMail& mail : mails) {
    Outcome o{&mail, Status(), true, now + RetryDelay(options_, mail.attempts)};
    if (server_down) {
      // Another connect timeout would only make the round longer. The rest
      // wait as long as the mail that found the server down; not tried, they
      // spend no attempt, but say why they wait.
      o.tried = false;
      o.status = *server_down;
      o.retry_at = server_retry_at;
      ++stats.retried;
      ++stats.deferred;
    } else if (tried_one &&
               std::chrono::steady_clock::now() - round_start >= options_.round_budget) {
      // Out of time: due again at once, for the next round.
      o.tried = false;
      o.retry_at = now;
      ++stats.left_over;
    } else {
      tried_one = true;
      o.status = sender_.Send(mail);
      if (o.status.code() == Code::kUnavailable && o.status.reason() == kMailServerUnavailable) {
        server_down = o.status;
        server_retry_at = o.retry_at;
      }
      if (!o.status.ok() && !first_failure) first_failure = o.status;
    }
    unrecorded.push_back(std::move(o));
    const auto t = std::chrono::steady_clock::now();
    if (t - last_recorded < options_.record_every) continue;
    last_recorded = t;
    if (Status recorded = Record(unrecorded, stats); !recorded.ok()) {
      return RoundStopped(recorded);
    }
  }
  if (Status recorded = Record(unrecorded, stats); !recorded.ok()) return RoundStopped(recorded);
  if (stats.retried > 0 && first_failure) {
    Log(std::to_string(stats.retried) + " mail(s) will be retried: " + first_failure->ToString());
  }
  return stats;
}

Status OutboxDispatcher::RoundStopped(const Status& recorded) {
  // The database is in trouble: stop. What this round claimed and did not
  // record comes back when its lease ends; one already sent goes out again
  // then, with the same Message-ID (at-least-once).
  Log("round stopped, outcomes not recorded: " + recorded.ToString());
  return recorded;
}

void OutboxDispatcher::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  stop_ = false;
  woken_ = false;
  thread_ = std::thread([this] {
    NameThisThread("ams-outbox");
    Loop();
  });
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
