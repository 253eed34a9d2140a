#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "base/secret.h"
#include "notify/message_format.h"
#include "notify/sender.h"

namespace ams::notify {

enum class SmtpTls {
  kStartTls,  // smtp://, then STARTTLS, required (RFC 3207); usually port 587
  kImplicit,  // smtps://, TLS from the first byte (RFC 8314); usually port 465
  kNone,      // plain text: only for a relay on loopback or in tests
};

// "starttls", "tls" or "none" (the config values); kInvalidArgument
// "invalid_smtp_tls" otherwise.
Result<SmtpTls> ParseSmtpTls(std::string_view text);

struct SmtpOptions {
  std::string host;  // REQUIRED
  int port = 587;
  SmtpTls tls = SmtpTls::kStartTls;
  // AUTH credentials. Default: none (no AUTH). Refused with kNone.
  std::string user;
  SecretString password;
  MessageOptions message;  // REQUIRED from_address: the envelope sender too
  // Limits for one mail. Default: 5 s to connect, 15 s in all. The
  // dispatcher holds its transaction during a send (OutboxDispatcher), so
  // keep these short; a relay answers in well under a second.
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{15000};
  // PEM bundle to check the server's certificate with. Default: the system's.
  std::string ca_file;
  // The name given in EHLO. Default: libcurl's choice.
  std::string helo_domain;
};

// SmtpSender delivers each mail in its own SMTP session through libcurl,
// with the message of FormatMessage. The server's certificate is always
// verified; the password is revealed only to libcurl, whose verbose output
// stays off, and never reaches a Status.
// Thread-safe (one curl handle per Send). Keeps a reference to `clock`.
class SmtpSender final : public Sender {
 public:
  // kInvalidArgument "invalid_smtp_options" (empty host, bad port or
  // timeout), "smtp_auth_requires_tls" (user with kNone), or as
  // ValidateMessageOptions.
  static Result<std::unique_ptr<SmtpSender>> Create(SmtpOptions options, const Clock& clock);

  // OK on 250 after the message. Otherwise:
  //  kUnavailable kMailServerUnavailable: cannot connect, resolve, time out,
  //    TLS handshake or STARTTLS refused, connection dropped;
  //  kUnavailable "smtp_login_failed": AUTH rejected (fix the config; mail waits);
  //  kUnavailable "smtp_sender_refused": MAIL FROM refused, 4xx or 5xx (a
  //    configuration problem that would fail every mail alike);
  //  kUnavailable "smtp_temporary_failure": any other 4xx reply;
  //  kInvalidArgument "smtp_recipient_refused": 5xx to RCPT TO;
  //  kInvalidArgument "smtp_message_refused": 5xx to DATA or the message;
  //  kInvalidArgument as FormatMessage for a mail that cannot be written.
  Status Send(const OutgoingMail& mail) override;

 private:
  SmtpSender(SmtpOptions options, const Clock& clock);

  const SmtpOptions options_;
  const std::string url_;
  const Clock& clock_;
};

}  // namespace ams::notify
