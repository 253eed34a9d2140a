#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace ams::web {

// What the access log may know of one request. Deliberately no query string
// (it may carry a verification token), no header, cookie or body.
struct AccessLogEntry {
  std::string_view request_id;
  std::string_view remote_addr;
  std::string_view method;
  std::string_view path;  // decoded path only
  int status = 0;
  size_t bytes = 0;  // response body bytes
  double duration_ms = 0;
};

// `id remote "METHOD /path" status bytes 1.234ms`. Bytes outside printable
// ASCII, '"' and '\' in the path are written as %XX so a request cannot
// forge log lines.
std::string FormatAccessLine(const AccessLogEntry& entry);

// One info line per request on an spdlog logger (whose pattern adds the time).
// Thread-safe when the logger is (spdlog's _mt sinks).
class AccessLog {
 public:
  // Default: the logger named "access", created on stdout when absent.
  explicit AccessLog(std::shared_ptr<spdlog::logger> logger = nullptr);
  void Record(const AccessLogEntry& entry) const;

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace ams::web
