#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "base/status.h"
#include "store/store.h"

namespace ams::notify {

// What happened, for whom. Events and the params each one needs:
//   request_submitted    {request_id, kind}
//   request_queued       {request_id, kind, applicant_name}   (to each operator)
//   request_approved     {request_id, kind}
//   request_rejected     {request_id, kind, reason}
//   revocation_required  {request_id, serials, count}
//   request_completed    {request_id, kind}
//   certificate_issued   {serial, not_after}
//   certificate_revoked  {serial, reason}
//   certificate_expiring {serial, days, not_after}
// kind is one of registration, issuance, data_change, renewal, revocation.
// request_id is decimal digits, serial hex digits; other values are free text
// (control characters other than line ends are dropped, and titles become one
// line). Plain value.
struct Notice {
  int64_t account_id = 0;                     // recipient
  std::string event;                          // template key, see above
  std::map<std::string, std::string> params;  // template values
  std::string dedup_key;                      // optional: the mail is enqueued once per key
};

// Notifier turns a Notice into an in-app notification and an e-mail, from the
// templates in src/notify/templates (Bahasa Indonesia, then English). It
// writes only through the caller's transaction, so both commit or vanish with
// the state change (DESIGN.md, "every state change ... in one transaction").
// Stateless apart from its options; thread-safe. Keeps a reference to clock.
class Notifier {
 public:
  // public_url: the base of the links in mails, e.g. "https://ams.example.go.id".
  Notifier(const Clock& clock, std::string public_url);

  // Stores the in-app notification and enqueues the e-mail (Bahasa Indonesia
  // first, then English, one mail), both through `tx`, so they commit with the
  // state change. With a dedup_key seen before, does nothing and returns OK.
  // Returns kInvalidArgument "unknown_notification_event",
  // "missing_notification_param" or "invalid_notification_param" (a bad
  // request_id, serial or kind); kNotFound "account_not_found" for an unknown
  // recipient; or the store's error. On error the caller's transaction should
  // roll back (nothing of the notice is meant to stay).
  Status Notify(store::Transaction& tx, const Notice& notice) const;
  // The same, telling whether anything was written: false when the
  // dedup_key was seen before.
  Result<bool> NotifyIfNew(store::Transaction& tx, const Notice& notice) const;

 private:
  const Clock& clock_;
  std::string public_url_;
};

}  // namespace ams::notify
