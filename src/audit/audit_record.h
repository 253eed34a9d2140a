#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"

namespace ams::audit {

// One event to be written to the audit log: who did what to which object.
// `details` is a JSON object as text; it never holds a secret.
struct AuditEvent {
  std::optional<int64_t> actor_id;  // empty for the system or an anonymous caller
  std::string actor_label;          // e-mail, "system" or "anonymous": readable without a join
  std::string action;               // e.g. "auth.login", "auth.login_failed", "user.role_changed"
  std::string object_type;          // e.g. "user", "request", "certificate"
  std::string object_id;
  std::string details = "{}";
  std::string remote_addr;
  TimePoint at;
};

// A stored audit record: the event, its place in the chain and its hash.
struct AuditRecord {
  int64_t seq = 0;  // 1, 2, 3, ... without gaps
  AuditEvent event;
  std::string prev_hash;  // hash of record seq-1; kGenesisHash for seq 1
  std::string hash;       // ChainHash(prev_hash, seq, event)
};

// What an auditor filters the log by. Empty fields do not filter.
struct AuditFilter {
  std::optional<int64_t> actor_id;
  std::string action;  // exact, or a prefix ending in '.' such as "auth."
  std::string object_type;
  std::string object_id;
  std::optional<TimePoint> from;  // inclusive
  std::optional<TimePoint> to;    // exclusive
  int64_t before_seq = 0;         // page backwards from here; 0 = newest
  int limit = 50;                 // Default: 50, at most 500
};

}  // namespace ams::audit
