#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "notify/message_format.h"
#include "notify/sender.h"

namespace ams::notify {

// EmlSender "delivers" each mail as an RFC 5322 file in a folder, for
// installations without a mail server and for demos: an operator opens the
// .eml in a mail client or forwards it. Files are named
// "<outbox id>-<UTC yyyymmddThhmmssZ>.eml" and appear atomically: Send writes
// a hidden temporary file, and Flush syncs them all to disk at once and
// renames them into place, so a reader never sees half a mail and a burst of
// mails costs one disk flush, not one each. Thread-safe; keeps a reference
// to `clock`, which must outlive it.
class EmlSender final : public Sender {
 public:
  // Creates `folder` (and its parents) when missing.
  // kInvalidArgument "invalid_mail_sender" for bad `message` options;
  // kUnavailable "eml_folder_unavailable" when the folder cannot be made.
  static Result<std::unique_ptr<EmlSender>> Create(std::string folder, MessageOptions message,
                                                   const Clock& clock);

  ~EmlSender() override;

  // Writes the mail; it appears in the folder at the next Flush.
  // kInvalidArgument as FormatMessage; kUnavailable "eml_write_failed" when
  // the file cannot be written (disk full, permissions): retry later.
  Status Send(const OutgoingMail& mail) override;
  // Puts every mail sent since the last Flush in place, on disk.
  // kUnavailable "eml_write_failed" when it cannot: none of them counts as
  // delivered (some may be in place; at-least-once).
  Status Flush() override;

  const std::string& folder() const { return folder_; }

 private:
  EmlSender(std::string folder, MessageOptions message, const Clock& clock)
      : folder_(std::move(folder)), message_(std::move(message)), clock_(clock) {}

  struct Pending {
    std::string tmp;   // Written, not yet on disk for sure.
    std::string path;  // Its name once in place.
  };

  const std::string folder_;
  const MessageOptions message_;
  const Clock& clock_;
  std::mutex mu_;
  std::vector<Pending> pending_;  // Guarded by mu_.
};

}  // namespace ams::notify
