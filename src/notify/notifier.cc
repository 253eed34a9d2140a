#include "notify/notifier.h"

#include <utility>

#include "notify/notice_templates.h"
#include "notify/notification.h"

namespace ams::notify {

Notifier::Notifier(const Clock& clock, std::string public_url)
    : clock_(clock), public_url_(std::move(public_url)) {}

Status Notifier::Notify(store::Transaction& tx, const Notice& notice) const {
  return NotifyIfNew(tx, notice).status();
}

Result<bool> Notifier::NotifyIfNew(store::Transaction& tx, const Notice& notice) const {
  // Everything is checked and rendered before the first write: a bad notice
  // changes nothing, even if the caller ignored the error and committed.
  AMS_ASSIGN_OR_RETURN(auth::Account recipient, tx.accounts().FindById(notice.account_id));
  AMS_ASSIGN_OR_RETURN(RenderedNotice text, RenderNotice(notice.event, notice.params, public_url_,
                                                         recipient.display_name));
  const TimePoint now = clock_.Now();

  // One mail in both languages: the recipient's language is not known, and
  // Bahasa Indonesia comes first because it is the office's language.
  OutgoingMail mail;
  mail.to = recipient.email;
  mail.subject = "AMS: " + text.title_id + " / " + text.title_en;
  mail.body_text = text.body_id + "\n---\n(English)\n\n" + text.body_en;
  mail.dedup_key = notice.dedup_key;
  mail.next_attempt_at = now;
  AMS_ASSIGN_OR_RETURN(bool enqueued, tx.outbox().Enqueue(mail));
  // The dedup key stands for the whole notice: a reminder run twice must not
  // show twice in the application either.
  if (!enqueued) return false;

  Notification n;
  n.account_id = notice.account_id;
  n.event = notice.event;
  n.title_id = std::move(text.title_id);
  n.title_en = std::move(text.title_en);
  n.body_id = std::move(text.body_id);
  n.body_en = std::move(text.body_en);
  n.link = std::move(text.link);
  n.created_at = now;
  AMS_RETURN_IF_ERROR(tx.notifications().Add(n).status());
  return true;
}

}  // namespace ams::notify
