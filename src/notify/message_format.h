#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "notify/mail.h"

// The RFC 5322 message both senders deliver: the SMTP sender hands it to the
// server after DATA, the .eml sender writes it to a file. Stateless functions;
// thread-safe.
namespace ams::notify {

// Who the mail is from; the same for every mail of an installation.
struct MessageOptions {
  std::string from_address;  // REQUIRED, e.g. "ams@pekalongankota.go.id"
  std::string from_name;     // Default: none. UTF-8, e.g. "AMS Kota Pekalongan"
};

// The whole message: header fields, a blank line, the body; CRLF line ends
// (RFC 5322 §2.1), no line over 78 characters except an unbreakable ASCII
// subject word. Not dot-stuffed: that is SMTP's business (libcurl does it).
//   Date (in WIB, +0700), From, To, Subject, Message-ID, MIME-Version,
//   Content-Type: text/plain; charset=UTF-8, Content-Transfer-Encoding:
//   quoted-printable, Auto-Submitted: auto-generated (RFC 3834, so that
//   vacation responders stay quiet).
// Returns kInvalidArgument:
//   "mail_header_injection" when to, subject or from_name holds CR, LF or NUL;
//   "invalid_mail_recipient" / "invalid_mail_sender" for a malformed address;
//   "mail_not_utf8" when the subject, body or from_name is not UTF-8.
Result<std::string> FormatMessage(const OutgoingMail& mail, const MessageOptions& options,
                                  TimePoint date);

// kInvalidArgument "invalid_mail_sender" unless `options` can head a message.
Status ValidateMessageOptions(const MessageOptions& options);

// A header field's text (after "Name: "): unchanged when it is printable
// ASCII without "=?", folded at spaces to keep lines short; otherwise RFC 2047
// B encoded-words of UTF-8 (each at most 75 characters and whole characters
// only, §5), joined by CRLF SP. `name_length` is the length of "Subject: ".
// REQUIRES: `text` is UTF-8 without CR or LF.
std::string EncodeHeaderText(std::string_view text, size_t name_length);

// RFC 2045 §6.7 quoted-printable of `text`, whose line ends (CRLF, LF or CR)
// become CRLF. Encoded lines are at most 76 characters. A '.' or "From " at a
// line start is encoded too, so that no transport or mbox file can mangle it.
std::string EncodeQuotedPrintable(std::string_view text);

// RFC 5322 §3.3 date-time in WIB, e.g. "Fri, 27 Nov 2026 11:09:34 +0700".
std::string FormatMailDate(TimePoint t);

// "<ams.42.1f0c…@pekalongankota.go.id>": derived from the mail alone, so a
// mail delivered twice (at-least-once, see OutboxDispatcher) carries the same
// Message-ID both times and mail clients show it once.
std::string MessageIdFor(const OutgoingMail& mail, std::string_view from_address);

}  // namespace ams::notify
