#pragma once

#include <chrono>

#include "base/clock.h"
#include "base/result.h"
#include "notify/notifier.h"
#include "store/store.h"

namespace ams::notify {

// What one pass of the expiry reminders did.
struct ReminderStats {
  int due = 0;   // valid certificates inside a reminder window
  int sent = 0;  // reminders written now (the others were written before)
};

// Reminds holders of valid certificates that they expire: 30, 7 and 1 days
// before notAfter (issue #4 item 6), each once. A certificate inside several
// windows gets only the nearest one's reminder ("7 days" when 5 are left):
// the dedup key "expiry:<serial>:<days>" makes each window's reminder once,
// however often the pass runs and on however many nodes. Each reminder
// commits in its own transaction. Thread-safe; keeps references.
class ExpiryReminders {
 public:
  ExpiryReminders(store::Store& store, const Notifier& notifier, const Clock& clock);

  // One pass as of `now`. Returns the store's error when it could not read the
  // certificates; a reminder that fails is reported and the pass goes on.
  Result<ReminderStats> RunOnce(TimePoint now) const;
  Result<ReminderStats> RunOnce() const { return RunOnce(clock_.Now()); }

 private:
  store::Store& store_;
  const Notifier& notifier_;
  const Clock& clock_;
};

}  // namespace ams::notify
