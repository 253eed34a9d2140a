#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"

namespace ams::notify {

// One in-app notification, as the applicant or operator reads it in AMS.
// Written by Notifier in the same transaction as the state change that caused
// it; only read_at changes afterwards. Texts are plain text (the web layer
// escapes them for HTML). Plain value.
struct Notification {
  int64_t id = 0;
  int64_t account_id = 0;  // the recipient
  std::string event;       // e.g. "request_approved" (see notifier.h)
  std::string title_id;    // Bahasa Indonesia
  std::string title_en;
  std::string body_id;
  std::string body_en;
  std::string link;  // absolute URL of the request or certificate
  TimePoint created_at;
  std::optional<TimePoint> read_at;  // nullopt while unread
};

}  // namespace ams::notify
