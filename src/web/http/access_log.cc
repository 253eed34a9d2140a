#include "web/http/access_log.h"

#include <chrono>
#include <cstdio>
#include <mutex>

#include <fmt/format.h>
#include <spdlog/sinks/base_sink.h>
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


// stdout without a flush per line: spdlog's stdout sink flushes every line,
// one write(2) per request, a tenth of the CPU of a cached OCSP answer
// (bench/README.md). Lines are flushed at most kFlushEvery apart while
// requests come, and by spdlog's periodic flusher (every second) when they
// stop. On a terminal stdio flushes each line anyway.
class BufferedStdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  static constexpr auto kFlushEvery = std::chrono::milliseconds(100);

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    std::fwrite(line.data(), 1, line.size(), stdout);
    const auto now = std::chrono::steady_clock::now();
    if (now - last_flush_ >= kFlushEvery) flush_();
  }
  void flush_() override {
    std::fflush(stdout);
    last_flush_ = std::chrono::steady_clock::now();
  }

 private:
  std::chrono::steady_clock::time_point last_flush_{};
};

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
        logger_ = std::make_shared<spdlog::logger>("access", std::make_shared<BufferedStdoutSink>());
        spdlog::register_logger(logger_);
        spdlog::flush_every(std::chrono::seconds(1));
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
