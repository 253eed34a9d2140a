#include "notify/notification_service.h"

namespace ams::notify {
namespace {

Status CheckPerson(const auth::Actor& actor) {
  // The system has no inbox; a person's id is never 0.
  if (actor.is_system || actor.account_id <= 0) {
    return Status::PermissionDenied("no_notifications", "the system actor has no notifications");
  }
  return Status();
}

}  // namespace

NotificationService::NotificationService(store::Store& store, const Clock& clock)
    : store_(store), clock_(clock) {}

Result<NotificationPage> NotificationService::List(const auth::Actor& actor, int limit, int offset,
                                                   bool unread_only) const {
  AMS_RETURN_IF_ERROR(CheckPerson(actor));
  if (limit < 1 || limit > 100) return Status::Invalid("invalid_limit", "1..100");
  if (offset < 0) return Status::Invalid("invalid_offset", ">= 0");
  NotificationPage page;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(page.items,
                         tx.notifications().List(actor.account_id, limit, offset, unread_only));
    AMS_ASSIGN_OR_RETURN(page.unread_count, tx.notifications().CountUnread(actor.account_id));
    return Status();
  });
  if (!s.ok()) return s;
  return page;
}

Result<int64_t> NotificationService::MarkRead(const auth::Actor& actor, int64_t id) const {
  AMS_RETURN_IF_ERROR(CheckPerson(actor));
  int64_t unread = 0;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_RETURN_IF_ERROR(tx.notifications().MarkRead(actor.account_id, id, clock_.Now()));
    AMS_ASSIGN_OR_RETURN(unread, tx.notifications().CountUnread(actor.account_id));
    return Status();
  });
  if (!s.ok()) return s;
  return unread;
}

Result<int64_t> NotificationService::MarkAllRead(const auth::Actor& actor) const {
  AMS_RETURN_IF_ERROR(CheckPerson(actor));
  int64_t marked = 0;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(marked, tx.notifications().MarkAllRead(actor.account_id, clock_.Now()));
    return Status();
  });
  if (!s.ok()) return s;
  return marked;
}

}  // namespace ams::notify
