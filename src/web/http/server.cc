// The one translation unit with RESTinio's server (slow to compile: keep it so).
#include "web/http/server.h"

#include <sys/resource.h>
#include <unistd.h>

#include <climits>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include <asio.hpp>
#include <restinio/asio_timer_manager.hpp>
#include <restinio/http_server.hpp>
#include <restinio/message_builders.hpp>
#include <restinio/traits.hpp>
#include <spdlog/spdlog.h>

#include "base/random.h"
#include "base/thread_name.h"
#include "web/error_response.h"
#include "web/http/access_log.h"

namespace ams::web::internal {

// RESTinio's default methods under a type of our own, so that the parser
// settings specialised below apply to this server only.
struct MethodsMapper {
  static constexpr restinio::http_method_id_t from_nodejs(int value) noexcept {
    return restinio::default_http_methods_t::from_nodejs(value);
  }
};

// RESTinio's messages (parse errors, resets) go to spdlog at debug level:
// a client that disconnects is not an operator's problem. Trace and info are
// dropped: they carry the request target, query string included.
class RestinioLogger {
 public:
  template <typename Builder>
  void trace(Builder&&) const noexcept {}
  template <typename Builder>
  void info(Builder&&) const noexcept {}
  template <typename Builder>
  void warn(Builder&& b) const noexcept { Debug(std::forward<Builder>(b)); }
  template <typename Builder>
  void error(Builder&& b) const noexcept { Debug(std::forward<Builder>(b)); }

 private:
  template <typename Builder>
  static void Debug(Builder&& b) noexcept {
    try {
      spdlog::logger* log = spdlog::default_logger_raw();
      if (log->should_log(spdlog::level::debug)) log->debug("restinio: {}", b());
    } catch (...) {  // Logging must not take the connection down.
    }
  }
};

// The handler threads yield to the threads that requests wait on: the
// issuance committer (workflow/certificates/group_commit.h) and the I/O
// threads. Nice +5 (a third of the weight), set once per worker thread;
// raising one's own nice value needs no privilege. Under load this keeps
// the workers, busy with the next requests' signatures, from crowding the
// committer out of the cores: measured, 10-30 % more issuances per second
// over HTTP (bench/README.md).
constexpr int kWorkerNice = 5;
void YieldToCommitter() {
  thread_local const bool lowered = [] {
    NameThisThread("ams-http");
    return setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kWorkerNice) == 0;
  }();
  (void)lowered;
}

// default_strand_t: a response may be completed from a worker thread; the
// strand makes RESTinio's connection state safe to touch from there.
struct Traits : restinio::traits_t<restinio::asio_timer_manager_t, RestinioLogger> {
  using http_methods_mapper_t = MethodsMapper;
  // ServerOptions::max_connections.
  static constexpr bool use_connection_count_limiter = true;
};

}  // namespace ams::web::internal

// RESTinio 0.6 enforces max_body_size by failing the parse, which closes the
// connection without a word. We want a 413: for a declared Content-Length over
// the limit, tell http_parser to skip the body (return 1 from
// on_headers_complete, as for a response to HEAD). The request then reaches
// our handler with an empty body and a Content-Length over the limit, which it
// answers 413 with Connection: close, so the unread body is never parsed as a
// next request. A chunked body still gets the close from RESTinio's on_body.
namespace restinio::impl {
template <>
inline http_parser_settings create_parser_settings<ams::web::internal::MethodsMapper>() noexcept {
  http_parser_settings settings = create_parser_settings<restinio::default_http_methods_t>();
  settings.on_headers_complete = [](http_parser* parser) -> int {
    auto* ctx = reinterpret_cast<restinio::impl::http_parser_ctx_t*>(parser->data);
    if (parser->content_length != ULLONG_MAX && parser->content_length > ctx->m_limits.max_body_size()) {
      ctx->m_leading_headers_completed = true;
      return 1;
    }
    return restinio_headers_complete_cb(parser);
  };
  return settings;
}
}  // namespace restinio::impl

namespace ams::web {
namespace {

using RestinioServer = restinio::http_server_t<internal::Traits>;
using Clock = std::chrono::steady_clock;

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

// A JSON error with a status outside the Code table (404/405/413 of the
// transport itself, not of the domain).
HttpResponse TransportError(int status, const char* reason, const std::string& request_id) {
  HttpResponse r = ErrorResponse(Status::Invalid(reason), request_id);
  r.status = status;
  return r;
}

bool HasCrLfOrNul(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) != s.npos; }

// 16 base64url characters (96 bits). A correlation id, not a secret: a
// per-thread PRNG seeded from the CSPRNG saves the getrandom() system call
// that SecureRandom makes per use (a third of all syscalls per request).
std::string NewRequestId() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  thread_local std::mt19937_64 prng = [] {
    SecureRandom random;
    std::vector<uint8_t> seed_bytes = random.Bytes(32);
    std::seed_seq seed(seed_bytes.begin(), seed_bytes.end());
    return std::mt19937_64(seed);
  }();
  std::string id(16, '\0');
  uint64_t bits = prng();
  for (size_t i = 0; i < id.size(); ++i) {
    if (i == 10) bits = prng();  // 10 characters use 60 of 64 bits
    id[i] = kAlphabet[bits & 63];
    bits >>= 6;
  }
  return id;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, std::shared_ptr<const Router> router)
      : options_(std::move(options)), router_(std::move(router)), access_log_(options_.access_logger) {}

  ~Impl() { Stop(); }

  Status Start();
  void Stop();
  void Wait();
  uint16_t port() const { return port_.load(); }

 private:
  // Counts one request from arrival until its response is written (or
  // dropped): Stop() waits for the count to reach zero.
  class InFlight {
   public:
    explicit InFlight(Impl* impl) : impl_(impl) {
      std::lock_guard lock(impl_->mu_);
      ++impl_->in_flight_;
    }
    ~InFlight() {
      std::lock_guard lock(impl_->mu_);
      if (--impl_->in_flight_ == 0) impl_->cv_.notify_all();
    }

   private:
    Impl* impl_;
  };

  restinio::request_handling_status_t OnRequest(restinio::request_handle_t req);
  HttpResponse Invoke(const Route& route, const HttpRequest& http) const;
  void Respond(const restinio::request_handle_t& req, const HttpRequest& http, HttpResponse response,
               Clock::time_point start, std::shared_ptr<InFlight> in_flight, bool close) const;

  const ServerOptions options_;
  const std::shared_ptr<const Router> router_;
  const AccessLog access_log_;

  // Declared before the io_context: handlers it destroys may still hold an
  // InFlight that touches them.
  std::mutex mu_;
  std::condition_variable cv_;
  size_t in_flight_ = 0;
  bool started_ = false;
  bool stopped_ = false;
  std::atomic<bool> draining_{false};
  std::atomic<uint16_t> port_{0};

  // Reset by Stop(): destroying it destroys the connections its queued
  // handlers still hold, which closes idle keep-alive sockets.
  std::unique_ptr<asio::io_context> io_context_ = std::make_unique<asio::io_context>();
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_guard_;
  std::unique_ptr<RestinioServer> server_;  // after io_context_: destroyed first
  std::optional<asio::thread_pool> workers_;
  std::vector<std::thread> io_threads_;
};

Status Server::Impl::Start() {
  std::lock_guard lock(mu_);
  if (started_) return Status::FailedPrecondition("already_started");
  asio::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options_.host, ec);
  if (ec) return Status::Invalid("invalid_listen_address", "host must be an IP address: " + options_.host);

  restinio::server_settings_t<internal::Traits> settings(options_.port,
                                                         address.is_v6() ? asio::ip::tcp::v6() : asio::ip::tcp::v4());
  settings.address(address)
      .request_handler([this](restinio::request_handle_t req) { return OnRequest(std::move(req)); })
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                    .max_url_size(options_.max_url_bytes)
                                    .max_field_value_size(options_.max_header_value_bytes)
                                    .max_field_name_size(256)
                                    .max_field_count(options_.max_header_count)
                                    .max_body_size(options_.max_body_bytes))
      .read_next_http_message_timelimit(options_.read_timeout)
      .write_http_response_timelimit(options_.write_timeout)
      .handle_request_timeout(options_.handler_timeout)
      .max_pipelined_requests(options_.max_pipelined_requests)
      .max_parallel_connections(options_.max_connections)
      // One accept at a time: RESTinio 0.6.16 runs accept completions on the
      // bare io_context (no strand) and bumps a plain connection-id counter
      // there, a data race (TSan) once two I/O threads accept concurrently.
      .concurrent_accepts_count(1)
      .acceptor_post_bind_hook([this](asio::ip::tcp::acceptor& acceptor) {
        port_.store(acceptor.local_endpoint().port());
      });

  try {
    server_ = std::make_unique<RestinioServer>(restinio::external_io_context(*io_context_), std::move(settings));
    server_->open_sync();
  } catch (const std::exception& e) {
    server_.reset();
    return Status::Unavailable("listen_failed", options_.host + ":" + std::to_string(options_.port) + ": " + e.what());
  }
  started_ = true;
  work_guard_.emplace(io_context_->get_executor());
  workers_.emplace(std::max<size_t>(1, options_.worker_threads));
  for (size_t i = 0; i < std::max<size_t>(1, options_.io_threads); ++i) {
    io_threads_.emplace_back([this] {
      NameThisThread("ams-http-io");
      io_context_->run();
    });
  }
  return Status::Ok();
}

void Server::Impl::Stop() {
  {
    std::unique_lock lock(mu_);
    if (!started_ || stopped_ || draining_.load()) {
      // Another Stop() is already draining: wait for it like Wait() does.
      cv_.wait(lock, [this] { return stopped_ || !started_; });
      return;
    }
    draining_.store(true);
  }
  // 1. Stop accepting. close_async runs on the acceptor's executor.
  std::promise<void> closed;
  server_->close_async([&closed] { closed.set_value(); },
                       [&closed](std::exception_ptr) { closed.set_value(); });
  closed.get_future().wait();
  // 2. Let in-flight requests finish.
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, options_.shutdown_grace, [this] { return in_flight_ == 0; })) {
      spdlog::warn("http server: {} request(s) still in flight after {}s; closing anyway", in_flight_,
                   options_.shutdown_grace.count());
    }
  }
  // 3. Stop the threads. Workers first: a handler past the grace period still
  // gets to finish (and its response is dropped).
  workers_->join();
  work_guard_.reset();
  io_context_->stop();
  for (std::thread& t : io_threads_) t.join();
  io_threads_.clear();
  // The RESTinio server before the io_context it refers to; then the
  // io_context, whose queued handlers own the remaining connections. (Hence
  // no RESTinio connection-count limiter: its connections point into the
  // acceptor and would outlive it here, a use-after-free under TSan.)
  server_.reset();
  io_context_.reset();
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  cv_.notify_all();
}

void Server::Impl::Wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return stopped_ || !started_; });
}

restinio::request_handling_status_t Server::Impl::OnRequest(restinio::request_handle_t req) {
  const Clock::time_point start = Clock::now();
  auto in_flight = std::make_shared<InFlight>(this);
  auto http = std::make_shared<HttpRequest>();
  http->request_id = NewRequestId();

  const restinio::http_request_header_t& header = req->header();
  http->method = header.method().c_str();
  const restinio::string_view_t target_path = header.path();
  http->raw_query.assign(header.query().data(), header.query().size());
  http->headers.reserve(header.fields_count());
  std::optional<uint64_t> content_length;
  header.for_each_field([&](const restinio::http_header_field_t& f) {
    std::string name = f.name();
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (name == "content-length") content_length = std::strtoull(f.value().c_str(), nullptr, 10);
    http->headers.emplace_back(std::move(name), f.value());
  });
  asio::error_code ec;
  http->remote_addr = req->remote_endpoint().address().to_string(ec);
  // The request object is ours alone now (RESTinio created it non-const and
  // no longer reads it): take the body instead of copying up to 12 MiB.
  http->body = std::move(const_cast<std::string&>(req->body()));

  // The server's own refusals: JSON under /api/ (and wherever no page is
  // set), the router's HTML page elsewhere (web/pages: a person at a form).
  auto refusal = [&](int status, const char* reason) {
    const std::string_view raw_path(target_path.data(), target_path.size());
    if (const auto& page = router_->transport_error_page(); page && !raw_path.starts_with("/api/")) {
      if (http->path.empty()) {  // a 413 comes before the path is decoded below
        std::optional<std::string> decoded = PercentDecode(raw_path, /*plus_as_space=*/false);
        if (decoded && decoded->find('\0') == std::string::npos) http->path = *std::move(decoded);
      }
      try {
        if (std::optional<HttpResponse> r = page(*router_, *http, status, reason)) {
          r->status = status;
          return *std::move(r);
        }
      } catch (const std::exception& e) {
        spdlog::error("request {}: error page threw: {}", http->request_id, e.what());
      }
    }
    return TransportError(status, reason, http->request_id);
  };
  if (content_length && *content_length > options_.max_body_bytes) {
    // The parser skipped the body (see create_parser_settings above).
    Respond(req, *http, refusal(413, "request_too_large"), start, std::move(in_flight), /*close=*/true);
    return restinio::request_accepted();
  }
  std::optional<std::string> path = PercentDecode(std::string_view(target_path.data(), target_path.size()),
                                                  /*plus_as_space=*/false);
  if (!path || path->find('\0') != std::string::npos) {
    Respond(req, *http, TransportError(400, "invalid_path", http->request_id), start, std::move(in_flight), false);
    return restinio::request_accepted();
  }
  http->path = *std::move(path);

  RouteMatch match = router_->Match(http->method, http->path);
  if (match.kind == RouteMatch::Kind::kNotFound) {
    Respond(req, *http, refusal(404, "not_found"), start, std::move(in_flight), false);
    return restinio::request_accepted();
  }
  if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
    HttpResponse r = refusal(405, "method_not_allowed");
    r.SetHeader("Allow", std::move(match.allow));
    Respond(req, *http, std::move(r), start, std::move(in_flight), false);
    return restinio::request_accepted();
  }
  http->params = std::move(match.params);
  const Route* route = match.route;
  if (route->dispatch == Dispatch::kInline) {
    Respond(req, *http, Invoke(*route, *http), start, std::move(in_flight), false);
    return restinio::request_accepted();
  }
  std::optional<HttpResponse> at_hand;
  if (route->attempt) {
    try {
      at_hand = route->attempt(*http);
    } catch (const std::exception& e) {
      spdlog::error("request {}: inline attempt threw: {}", http->request_id, e.what());
    }
  }
  if (at_hand) {
    Respond(req, *http, *std::move(at_hand), start, std::move(in_flight), false);
  } else {
    asio::post(*workers_, [this, req = std::move(req), http = std::move(http), route, start,
                           in_flight = std::move(in_flight)]() mutable {
      internal::YieldToCommitter();
      Respond(req, *http, Invoke(*route, *http), start, std::move(in_flight), false);
    });
  }
  return restinio::request_accepted();
}

HttpResponse Server::Impl::Invoke(const Route& route, const HttpRequest& http) const {
  try {
    return route.handler(http);
  } catch (const std::exception& e) {
    return ErrorResponse(Status::Internal(std::string("handler threw: ") + e.what()), http.request_id);
  } catch (...) {
    return ErrorResponse(Status::Internal("handler threw a non-exception"), http.request_id);
  }
}

void Server::Impl::Respond(const restinio::request_handle_t& req, const HttpRequest& http, HttpResponse response,
                           Clock::time_point start, std::shared_ptr<InFlight> in_flight, bool close) const {
  for (const auto& [name, value] : response.headers) {
    if (name.empty() || HasCrLfOrNul(name) || HasCrLfOrNul(value)) {
      // A handler bug that would let a value split the response.
      response = ErrorResponse(Status::Internal("handler set a header with CR/LF/NUL: " + name), http.request_id);
      break;
    }
  }
  if (response.status < 100 || response.status > 599) {
    response = ErrorResponse(Status::Internal("handler returned status " + std::to_string(response.status)),
                             http.request_id);
  }
  try {
    auto builder = req->create_response(restinio::http_status_line_t(
        restinio::http_status_code_t(static_cast<uint16_t>(response.status)), ReasonPhrase(response.status)));
    bool has_nosniff = false, has_frame = false, has_referrer = false, has_csp = false, has_cache = false;
    for (auto& [name, value] : response.headers) {
      if (EqualsIgnoreCase(name, "x-request-id") || EqualsIgnoreCase(name, "content-length") ||
          EqualsIgnoreCase(name, "connection") || EqualsIgnoreCase(name, "transfer-encoding")) {
        continue;  // Ours (or RESTinio's) to set: framing and correlation.
      }
      has_nosniff |= EqualsIgnoreCase(name, "x-content-type-options");
      has_frame |= EqualsIgnoreCase(name, "x-frame-options");
      has_referrer |= EqualsIgnoreCase(name, "referrer-policy");
      has_csp |= EqualsIgnoreCase(name, "content-security-policy");
      has_cache |= EqualsIgnoreCase(name, "cache-control");
      builder.append_header(std::move(name), std::move(value));
    }
    if (!has_nosniff) builder.append_header("X-Content-Type-Options", "nosniff");
    if (!has_frame) builder.append_header("X-Frame-Options", "DENY");
    if (!has_referrer) builder.append_header("Referrer-Policy", "no-referrer");
    if (!has_csp) builder.append_header("Content-Security-Policy", kDefaultCsp);
    if (!has_cache) builder.append_header("Cache-Control", "no-store");
    builder.append_header("X-Request-Id", http.request_id);
    if (close || draining_.load(std::memory_order_relaxed)) builder.connection_close();
    const size_t bytes = response.body.size();
    builder.set_body(std::move(response.body));
    // The InFlight ends when RESTinio has written the response or given up on
    // it (the callback is invoked with an error, or destroyed unrun).
    builder.done([in_flight = std::move(in_flight)](const asio::error_code&) mutable { in_flight.reset(); });

    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    access_log_.Record({http.request_id, http.remote_addr, http.method,
                        http.path.empty() ? std::string_view(req->header().path().data(), req->header().path().size())
                                          : std::string_view(http.path),
                        response.status, bytes, ms});
  } catch (const std::exception& e) {
    spdlog::error("request {}: cannot send the response: {}", http.request_id, e.what());
  }
}

Server::Server(ServerOptions options, std::shared_ptr<const Router> router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}
Server::~Server() = default;
Status Server::Start() { return impl_->Start(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Stop() { impl_->Stop(); }
void Server::Wait() { impl_->Wait(); }

int RunUntilSignal(Server& server, const std::function<void()>& ready) {
  asio::io_context context;
  asio::signal_set signals(context, SIGINT, SIGTERM);
  int received = 0;
  signals.async_wait([&](const asio::error_code& ec, int signal_number) {
    if (!ec) received = signal_number;
  });
  if (ready) ready();
  context.run();
  spdlog::info("signal {} received: stopping the HTTP server", received);
  server.Stop();
  return received;
}

}  // namespace ams::web
