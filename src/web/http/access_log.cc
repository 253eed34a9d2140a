#include "web/http/access_log.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace ams::web {
namespace {

void AppendEscaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '%') {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
}

}  // namespace

std::string FormatAccessLine(const AccessLogEntry& e) {
  std::string line;
  line.reserve(64 + e.path.size());
  AppendEscaped(line, e.request_id);
  line.push_back(' ');
  AppendEscaped(line, e.remote_addr.empty() ? "-" : e.remote_addr);
  line.append(" \"");
  AppendEscaped(line, e.method);
  line.push_back(' ');
  AppendEscaped(line, e.path);
  fmt::format_to(std::back_inserter(line), "\" {} {} {:.3f}ms", e.status, e.bytes, e.duration_ms);
  return line;
}

AccessLog::AccessLog(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {
  if (!logger_) {
    logger_ = spdlog::get("access");
    if (!logger_) {
      try {
        logger_ = spdlog::stdout_logger_mt("access");
      } catch (const spdlog::spdlog_ex&) {  // Another thread registered it first.
        logger_ = spdlog::get("access");
      }
    }
  }
}

void AccessLog::Record(const AccessLogEntry& entry) const {
  if (!logger_->should_log(spdlog::level::info)) return;
  logger_->info(FormatAccessLine(entry));
}

}  // namespace ams::web
