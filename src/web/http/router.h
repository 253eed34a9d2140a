#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "web/http/http_types.h"

namespace ams::web {

struct RouterNode;  // Internal to router.cc.

// Where the server runs a route's handler.
enum class Dispatch {
  // Default. On the worker pool: the handler may block (database, HSM, mail).
  kWorker,
  // On the I/O thread, before the next read. Only for cheap, non-blocking
  // answers from memory (cached OCSP/CRL, healthz): a slow inline handler
  // stalls every connection of that I/O thread.
  kInline,
};

// A first try on the I/O thread: an answer when one is at hand without
// blocking (from memory), nullopt to hand the request to `handler` on the
// worker pool. Must not block.
using InlineAttempt = std::function<std::optional<HttpResponse>(const HttpRequest&)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  Dispatch dispatch = Dispatch::kWorker;
  InlineAttempt attempt;  // Optional; only with Dispatch::kWorker (AddWithInlineAttempt).
};

// The outcome of Router::Match.
struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Route* route = nullptr;               // kFound: owned by the Router
  std::map<std::string, std::string> params;  // kFound: ":name" and "*" values
  std::string allow;  // kMethodNotAllowed: e.g. "GET, POST", for the Allow header
};

// Router maps (method, decoded path) to a handler. Build it at startup, then
// share it as std::shared_ptr<const Router>: Match() is const and thread-safe;
// Add() is not and must finish before the server starts.
//
// Patterns are '/'-separated segments, matched whole:
//   /api/v1/requests          literal
//   /crl/:name                a non-empty segment, captured as params["name"]
//   /api/v1/requests/:id(\d+) only ASCII digits
//   /dl/:token([A-Za-z0-9_-]+) only base64url characters
//   /x/:serial([0-9A-Fa-f]+)  only hex digits
//   /static/*                 the rest of the path, non-empty, may contain '/',
//                             captured as params["*"]. REQUIRES of the handler:
//                             reject ".." segments; the path is already decoded.
//                             Also the route for OCSP GET (RFC 6960 A.1): its
//                             base64 may hold '/' once %2F is decoded.
// Literal segments win over parameters, parameters over "*", then routes are
// tried in the order added. No regex runs per request.
class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Returns kInvalidArgument "invalid_route" for a malformed pattern or method,
  // kConflict "duplicate_route" when (method, pattern) is already taken.
  Status TryAdd(std::string method, std::string_view pattern, Handler handler,
                Dispatch dispatch = Dispatch::kWorker);
  // As TryAdd, but a bad route is a programming error found at startup:
  // prints the reason and aborts.
  Router& Add(std::string method, std::string_view pattern, Handler handler,
              Dispatch dispatch = Dispatch::kWorker);

  // As Add with Dispatch::kWorker, but `attempt` runs first on the I/O thread
  // and answers when it can (cached OCSP: no thread hand-off per answer).
  Router& AddWithInlineAttempt(std::string method, std::string_view pattern,
                               InlineAttempt attempt, Handler handler);

  // `path` is the decoded path, starting with '/'.
  RouteMatch Match(std::string_view method, std::string_view path) const;

  // The server's own refusals (404, 405, 413) of a path outside /api/ go to
  // this function, so that people get a page in their language rather than
  // the JSON error; nullopt keeps the JSON. It gets this router (to find the
  // page to go back to) and the request with its decoded path (body unread).
  // It runs on the I/O thread: it must not block (no database). Default: none.
  using TransportErrorPage = std::function<std::optional<HttpResponse>(
      const Router& router, const HttpRequest&, int status, std::string_view reason)>;
  void SetTransportErrorPage(TransportErrorPage page) { error_page_ = std::move(page); }
  const TransportErrorPage& transport_error_page() const { return error_page_; }

  size_t size() const { return routes_.size(); }

 private:
  std::unique_ptr<RouterNode> root_;
  std::vector<std::unique_ptr<Route>> routes_;
  TransportErrorPage error_page_;
};

}  // namespace ams::web
