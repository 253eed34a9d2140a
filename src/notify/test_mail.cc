#include "notify/test_mail.h"

#include <nlohmann/json.hpp>

#include "identity/email.h"
#include "notify/mail.h"

namespace ams::notify {

namespace {

constexpr char kKeyPrefix[] = "smtp-test:";

Status RequireAdmin(const auth::Actor& actor) {
  if (actor.is_system || actor.role == auth::Role::kAdmin) return Status();
  return Status::PermissionDenied("forbidden", "admin only");
}

// Tickets are Random::Token output (base64url); anything else cannot be one.
bool LooksLikeTicket(const std::string& t) {
  if (t.empty() || t.size() > 64) return false;
  for (char c : t) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

const char* ToString(TestMailStatus::State state) {
  switch (state) {
    case TestMailStatus::State::kQueued: return "queued";
    case TestMailStatus::State::kRetrying: return "retrying";
    case TestMailStatus::State::kSent: return "sent";
    case TestMailStatus::State::kGivenUp: return "given_up";
  }
  return "queued";
}

Result<std::string> TestMailService::Send(const auth::Actor& actor, const std::string& to) {
  AMS_RETURN_IF_ERROR(RequireAdmin(actor));
  Result<identity::Email> email = identity::Email::Parse(to);
  if (!email.ok()) return email.status();
  const TimePoint now = clock_.Now();
  const std::string ticket = random_.Token(16);
  OutgoingMail mail;
  mail.to = email->Canonical();
  // Both languages, as every AMS mail (notify/notifier.h).
  mail.subject = "AMS: e-mail uji / test mail";
  mail.body_text =
      "Ini e-mail uji dari AMS (Aplikasi Manajemen Sertifikat), dikirim oleh " + actor.email +
      " pada " + FormatWib(now) + ".\nJika Anda menerimanya, pengaturan e-mail AMS berfungsi.\n\n"
      "This is a test mail from AMS, sent by " + actor.email + " at " + FormatWib(now) +
      ".\nIf you received it, the mail settings of AMS work.\n";
  mail.dedup_key = kKeyPrefix + ticket;
  mail.next_attempt_at = now;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_RETURN_IF_ERROR(tx.outbox().Enqueue(mail).status());
    audit::AuditEvent e;
    if (!actor.is_system) e.actor_id = actor.account_id;
    e.actor_label = actor.email;
    e.action = "smtp.test_mail_queued";
    e.object_type = "mail";
    e.object_id = mail.dedup_key;
    e.details = nlohmann::json{{"to", mail.to}}.dump();
    e.remote_addr = actor.remote_addr;
    e.at = now;
    return tx.audit().Append(e).status();
  });
  if (!s.ok()) return s;
  return ticket;
}

Result<TestMailStatus> TestMailService::Lookup(const auth::Actor& actor,
                                               const std::string& ticket) {
  AMS_RETURN_IF_ERROR(RequireAdmin(actor));
  if (!LooksLikeTicket(ticket)) return Status::NotFound("test_mail_not_found");
  std::optional<OutgoingMail> mail;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(mail, tx.outbox().FindByDedupKey(kKeyPrefix + ticket));
    return Status();
  });
  if (!s.ok()) return s;
  if (!mail) return Status::NotFound("test_mail_not_found");
  TestMailStatus out;
  out.to = mail->to;
  out.attempts = mail->attempts;
  out.last_error = mail->last_error;
  out.sent_at = mail->sent_at;
  if (mail->sent_at) {
    out.state = TestMailStatus::State::kSent;
  } else if (mail->failed_at) {
    out.state = TestMailStatus::State::kGivenUp;
  } else if (!mail->last_error.empty()) {
    out.state = TestMailStatus::State::kRetrying;
  }
  return out;
}

}  // namespace ams::notify
