#pragma once

#include "base/status.h"
#include "notify/mail.h"

namespace ams::notify {

// The reason a Sender gives when the mail server as a whole cannot be reached
// (refused, timed out, TLS handshake failed): every other mail of the batch
// would fail the same way, so OutboxDispatcher stops trying them this round.
inline constexpr const char* kMailServerUnavailable = "mail_server_unavailable";

// Sender delivers one OutgoingMail: over SMTP (notify/smtp) or as an .eml file
// (notify/eml). Which one runs is decided by app/ (STYLE.md §1). Implementations
// are thread-safe: dispatchers on several threads may share one.
class Sender {
 public:
  virtual ~Sender() = default;
  // OK once the mail was handed over (SMTP 250 after DATA, file renamed into place).
  // kUnavailable on a transient failure worth retrying later (server down,
  // timeout, SMTP 4xx); reason kMailServerUnavailable when nothing could be
  // delivered to that server at all.
  // kInvalidArgument on a permanent one: bad recipient, header injection,
  // SMTP 5xx for this mail. Retrying cannot help.
  virtual Status Send(const OutgoingMail& mail) = 0;

  // Makes durable what Send handed over since the last Flush, where a
  // Sender defers that to do it once for many mails (EmlSender: the
  // folder's entries). The dispatcher calls it before it records mails as
  // sent. kUnavailable when it cannot: those mails are sent again later.
  virtual Status Flush() { return Status(); }
};

}  // namespace ams::notify
