#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"

namespace ams::notify {

// One e-mail in the durable outbox. It is written in the same transaction as
// the state change that caused it, and leaves through a Sender afterwards.
struct OutgoingMail {
  int64_t id = 0;
  std::string to;
  std::string subject;
  std::string body_text;
  std::string dedup_key;  // e.g. "expiry:SERIAL:30": the same key is enqueued once
  int attempts = 0;
  TimePoint next_attempt_at;
  std::string last_error;
  std::optional<TimePoint> failed_at;  // set when given up: kept, never due again
  std::optional<TimePoint> sent_at;    // set when handed over (read by FindByDedupKey only)
};

}  // namespace ams::notify
