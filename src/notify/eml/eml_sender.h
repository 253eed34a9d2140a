#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "notify/message_format.h"
#include "notify/sender.h"

namespace ams::notify {

// EmlSender "delivers" each mail as an RFC 5322 file in a folder, for
// installations without a mail server and for demos: an operator opens the
// .eml in a mail client or forwards it. Files are named
// "<outbox id>-<UTC yyyymmddThhmmssZ>.eml" and appear atomically (written to a
// hidden temporary file, fsynced, renamed), so a reader never sees half a
// mail. Thread-safe; keeps a reference to `clock`, which must outlive it.
class EmlSender final : public Sender {
 public:
  // Creates `folder` (and its parents) when missing.
  // kInvalidArgument "invalid_mail_sender" for bad `message` options;
  // kUnavailable "eml_folder_unavailable" when the folder cannot be made.
  static Result<std::unique_ptr<EmlSender>> Create(std::string folder, MessageOptions message,
                                                   const Clock& clock);

  // kInvalidArgument as FormatMessage; kUnavailable "eml_write_failed" when
  // the file cannot be written (disk full, permissions): retry later.
  Status Send(const OutgoingMail& mail) override;

  const std::string& folder() const { return folder_; }

 private:
  EmlSender(std::string folder, MessageOptions message, const Clock& clock)
      : folder_(std::move(folder)), message_(std::move(message)), clock_(clock) {}

  const std::string folder_;
  const MessageOptions message_;
  const Clock& clock_;
};

}  // namespace ams::notify
