#pragma once

#include <cstdint>
#include <vector>

#include "auth/actor.h"
#include "base/clock.h"
#include "base/result.h"
#include "notify/notification.h"
#include "store/store.h"

namespace ams::notify {

// A page of the caller's in-app notifications and their unread count.
struct NotificationPage {
  std::vector<Notification> items;  // newest first
  int64_t unread_count = 0;
};

// The in-app side of notifications for the web layer: everyone reads and
// marks only their own (the actor's account), whatever their role.
// Thread-safe; keeps references to store and clock.
class NotificationService {
 public:
  NotificationService(store::Store& store, const Clock& clock);

  // Default limit 20, at most 100. kInvalidArgument "invalid_limit" (not in
  // 1..100) or "invalid_offset" (negative); kPermissionDenied
  // "no_notifications" for the system actor.
  Result<NotificationPage> List(const auth::Actor& actor, int limit, int offset,
                                bool unread_only) const;
  // kNotFound "notification_not_found" when `id` is not the actor's.
  // Returns the unread count afterwards.
  Result<int64_t> MarkRead(const auth::Actor& actor, int64_t id) const;
  // Returns the number marked (the unread count is 0 afterwards).
  Result<int64_t> MarkAllRead(const auth::Actor& actor) const;

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace ams::notify
