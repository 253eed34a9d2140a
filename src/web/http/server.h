#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "web/http/router.h"

namespace spdlog {
class logger;
}

namespace ams::web {

struct ServerOptions {
  // Default: loopback only; a reverse proxy in front terminates TLS.
  std::string host = "127.0.0.1";
  // 0 binds an ephemeral port; read it back with Server::port().
  uint16_t port = 8080;
  // Threads that read, parse and write (and run Dispatch::kInline handlers).
  size_t io_threads = 1;
  // Threads that run Dispatch::kWorker handlers (blocking DB work).
  size_t worker_threads = 4;
  // A body larger than this is answered 413 without being read: a declared
  // Content-Length over the limit is refused right after the headers; a
  // chunked body that grows past it has its connection closed.
  size_t max_body_bytes = 12 * 1024 * 1024;
  // Connections open at once; more wait in the listen backlog until one
  // closes, so a flood of idle connections cannot exhaust descriptors.
  size_t max_connections = 1024;
  size_t max_url_bytes = 8 * 1024;
  size_t max_header_value_bytes = 16 * 1024;
  size_t max_header_count = 100;
  // Time allowed to receive one whole request (headers and body), per request.
  std::chrono::seconds read_timeout{30};
  // Time allowed to write one response.
  std::chrono::seconds write_timeout{30};
  // A handler that has not answered by then has its connection closed.
  std::chrono::seconds handler_timeout{60};
  // Stop() waits this long for in-flight requests before closing anyway.
  std::chrono::seconds shutdown_grace{30};
  // Requests read ahead on one connection before earlier ones are answered.
  size_t max_pipelined_requests = 1;
  // Access log: one line per request (web/http/access_log.h). Default: the
  // logger named "access" on stdout.
  std::shared_ptr<spdlog::logger> access_logger;
};

// The headers every response gets unless the handler set a header of the same
// name: X-Content-Type-Options, X-Frame-Options, Referrer-Policy,
// Content-Security-Policy (kDefaultCsp) and Cache-Control: no-store.
// X-Request-Id is always the request's id.
inline constexpr const char* kDefaultCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

// Server is the HTTP/1.1 listener (RESTinio 0.6 on standalone asio; the only
// file that includes RESTinio's server headers is server.cc). It answers
// unknown paths 404, wrong methods 405 with Allow, oversized bodies 413, a
// throwing handler 500 with the request id (the exception text goes to the
// log), all as the JSON error of web/error_response.h.
//
// Lifecycle: construct, Start(), then Stop() from any thread (or
// RunUntilSignal). Start/Stop/Wait are thread-safe; Stop is idempotent. The
// destructor stops the server. The Router is shared and must not change once
// the server starts.
class Server {
 public:
  Server(ServerOptions options, std::shared_ptr<const Router> router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O and worker threads. Returns kInvalidArgument
  // "invalid_listen_address" when host is not an IP address (no DNS here),
  // kUnavailable "listen_failed" when the address cannot be bound,
  // kFailedPrecondition "already_started" on a second call (a stopped Server
  // does not restart: make a new one).
  Status Start();
  // The bound port (the real one when options.port was 0). 0 before Start().
  uint16_t port() const;
  // Graceful: stops accepting, lets in-flight requests finish (answering them
  // with Connection: close) for up to shutdown_grace, then stops all threads
  // and returns. Requests arriving meanwhile on open keep-alive connections
  // are still served; idle connections are closed at the end.
  // REQUIRES: not called from a handler (it waits for the handlers).
  void Stop();
  // Blocks until Stop() has completed (called from another thread).
  void Wait();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Waits for SIGTERM or SIGINT, then calls server.Stop() so in-flight requests
// finish. Returns the signal number. `ready` (optional) is called once the
// signal handlers are installed.
int RunUntilSignal(Server& server, const std::function<void()>& ready = {});

}  // namespace ams::web
