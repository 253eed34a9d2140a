#pragma once

#include <optional>
#include <string>

#include "auth/actor.h"
#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "store/store.h"

namespace ams::notify {

// Where an admin's test mail is now. Plain value.
struct TestMailStatus {
  enum class State { kQueued, kRetrying, kSent, kGivenUp };
  State state = State::kQueued;
  std::string to;
  int attempts = 0;
  std::string last_error;  // the sender's words on the last failure (no secrets)
  std::optional<TimePoint> sent_at;
};

const char* ToString(TestMailStatus::State state);  // "queued", "retrying", "sent", "given_up"

// The "send test mail" of the admin's SMTP page. The mail goes into the same
// durable outbox as every other mail and leaves through the same sender
// (SMTP, or .eml files without SMTP), so what happens to it is what would
// happen to a real one. Holds references to store, clock and random (which
// must outlive it). Thread-safe.
class TestMailService {
 public:
  TestMailService(store::Store& store, const Clock& clock, Random& random)
      : store_(store), clock_(clock), random_(random) {}

  // Admins only (kPermissionDenied "forbidden"). Enqueues a test mail to
  // `to` and its audit record in one transaction; returns a ticket naming the
  // mail for Lookup(). kInvalidArgument "invalid_email".
  Result<std::string> Send(const auth::Actor& actor, const std::string& to);
  // kNotFound "test_mail_not_found" for an unknown (or malformed) ticket.
  Result<TestMailStatus> Lookup(const auth::Actor& actor, const std::string& ticket);

 private:
  store::Store& store_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace ams::notify
