#include "notify/dispatcher.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <unordered_map>
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

Result<DispatchStats> OutboxDispatcher::RunOnce() {
  // Outcomes outlive one attempt at the transaction: Store::InTransaction
  // re-runs the work after a lost race, and a mail the server has accepted
  // must then be marked sent, not sent again.
  std::unordered_map<int64_t, Status> outcomes;
  DispatchStats stats;
  std::vector<std::string> gave_up;
  std::optional<Status> first_failure;
  // Real time, not clock_: the budget limits how long locks are held.
  const auto round_start = std::chrono::steady_clock::now();

  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    stats = {};
    gave_up.clear();
    first_failure.reset();
    const TimePoint now = clock_.Now();
    AMS_ASSIGN_OR_RETURN(std::vector<OutgoingMail> mails,
                         tx.outbox().ClaimDue(now, options_.batch));
    stats.claimed = static_cast<int>(mails.size());

    std::optional<Status> server_down;
    for (const OutgoingMail& mail : mails) {
      Status outcome;
      bool deferred = false;
      const auto cached = outcomes.find(mail.id);
      // Out of time: the rest stay due, untouched, for the next round. The
      // first mail is always tried, so a slow database cannot stall delivery.
      if (cached == outcomes.end() && !server_down && !outcomes.empty() &&
          std::chrono::steady_clock::now() - round_start >= options_.round_budget) {
        ++stats.left_over;
        continue;
      }
      if (cached != outcomes.end()) {
        outcome = cached->second;
      } else if (server_down) {
        // Another connect timeout would only hold the locks longer.
        outcome = *server_down;
        deferred = true;
      } else {
        outcome = sender_.Send(mail);
        outcomes.emplace(mail.id, outcome);
      }
      if (!deferred && outcome.code() == Code::kUnavailable &&
          outcome.reason() == kMailServerUnavailable) {
        server_down = outcome;
      }

      if (outcome.ok()) {
        AMS_RETURN_IF_ERROR(tx.outbox().MarkSent(mail.id, now));
        ++stats.sent;
        continue;
      }
      if (!first_failure) first_failure = outcome;
      const int failed = mail.attempts + 1;
      // A permanent failure (5xx, bad address) cannot get better by waiting.
      if (outcome.code() == Code::kInvalidArgument || failed >= options_.max_attempts) {
        // The row stays, for the operator to see; kNever keeps it from being due.
        AMS_RETURN_IF_ERROR(
            tx.outbox().MarkFailed(mail.id, kGaveUpPrefix + outcome.ToString(), kNever));
        ++stats.gave_up;
        gave_up.push_back("gave up mail " + std::to_string(mail.id) + " after " +
                          std::to_string(failed) + " attempt(s): " + outcome.ToString());
        continue;
      }
      AMS_RETURN_IF_ERROR(
          tx.outbox().MarkFailed(mail.id, outcome.ToString(), now + RetryDelay(options_, failed)));
      ++stats.retried;
      if (deferred) ++stats.deferred;
    }
    return Status();
  });
  if (!s.ok()) {
    Log("round of " + std::to_string(stats.claimed) +
        " mail(s) not recorded, they stay due: " + s.ToString());
    return s;
  }
  for (const std::string& line : gave_up) Log(line);
  if (stats.retried > 0) {
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
    const bool full = round.ok() && round->claimed >= options_.batch && round->deferred == 0;
    // A round cut short by round_budget counts as full: the rest go next.
    if (!full) cv_.wait_for(lock, options_.interval, [&] { return stop_ || woken_; });
  }
}

}  // namespace ams::notify
