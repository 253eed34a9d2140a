#include "web/http/router.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <utility>

namespace ams::web {
namespace {

// The segment classes a parameter may demand. A fixed set rather than regex:
// matching stays a few comparisons per request (the OCSP benchmark target).
enum class SegmentKind { kAny, kDigits, kHex, kToken };

struct SegmentClass {
  const char* spelling;
  SegmentKind kind;
};
constexpr SegmentClass kSegmentClasses[] = {
    {R"(\d+)", SegmentKind::kDigits},
    {"[0-9]+", SegmentKind::kDigits},
    {"[0-9A-Fa-f]+", SegmentKind::kHex},
    {"[0-9a-fA-F]+", SegmentKind::kHex},
    {"[A-Za-z0-9_-]+", SegmentKind::kToken},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsToken(char c) { return IsDigit(c) || IsAlpha(c) || c == '_' || c == '-'; }

bool SegmentFits(SegmentKind kind, std::string_view segment) {
  if (segment.empty()) return false;
  switch (kind) {
    case SegmentKind::kAny:
      return true;
    case SegmentKind::kDigits:
      return std::all_of(segment.begin(), segment.end(), IsDigit);
    case SegmentKind::kHex:
      return std::all_of(segment.begin(), segment.end(), IsHex);
    case SegmentKind::kToken:
      return std::all_of(segment.begin(), segment.end(), IsToken);
  }
  return false;
}

// Splits "/a/b/c" into {"a","b","c"}; "/" gives {}; "/a/" gives {"a",""}.
// Small, stack-friendly: paths rarely have more than 8 segments.
void SplitPath(std::string_view path, std::vector<std::string_view>& out) {
  out.clear();
  if (path.size() <= 1) return;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
}

Status InvalidRoute(std::string_view why, std::string_view pattern) {
  return Status::Invalid("invalid_route", std::string(why) + ": " + std::string(pattern));
}

}  // namespace

struct RouterNode {
  struct ParamEdge {
    std::string name;
    SegmentKind kind;
    std::unique_ptr<RouterNode> node;
  };
  std::vector<std::pair<std::string, std::unique_ptr<RouterNode>>> literals;
  std::vector<ParamEdge> params;
  std::vector<const Route*> routes;           // the pattern ends here
  std::vector<const Route*> wildcard_routes;  // the pattern ends here with "/*"
};

namespace {

const Route* FindMethod(const std::vector<const Route*>& routes, std::string_view method) {
  for (const Route* r : routes) {
    if (r->method == method) return r;
  }
  return nullptr;
}

}  // namespace

Router::Router() : root_(std::make_unique<RouterNode>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

Status Router::TryAdd(std::string method, std::string_view pattern, Handler handler,
                      Dispatch dispatch) {
  if (method.empty() || !std::all_of(method.begin(), method.end(),
                                     [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return InvalidRoute("method must be upper-case letters", method);
  }
  if (!handler) return InvalidRoute("empty handler", pattern);
  if (pattern.empty() || pattern.front() != '/') return InvalidRoute("must start with '/'", pattern);

  std::vector<std::string_view> segments;
  SplitPath(pattern, segments);
  RouterNode* node = root_.get();
  bool wildcard = false;
  std::set<std::string, std::less<>> names;
  for (size_t i = 0; i < segments.size(); ++i) {
    std::string_view seg = segments[i];
    if (seg.empty()) return InvalidRoute("empty segment", pattern);
    if (seg == "*") {
      if (i + 1 != segments.size()) return InvalidRoute("'*' must be the last segment", pattern);
      wildcard = true;
      break;
    }
    if (seg.front() != ':') {
      if (seg.find_first_of(":*()") != std::string_view::npos) {
        return InvalidRoute("literal segment with ':', '*' or '('", pattern);
      }
      auto it = std::find_if(node->literals.begin(), node->literals.end(),
                             [&](const auto& l) { return l.first == seg; });
      if (it == node->literals.end()) {
        node->literals.emplace_back(std::string(seg), std::make_unique<RouterNode>());
        it = std::prev(node->literals.end());
      }
      node = it->second.get();
      continue;
    }
    // ":name" or ":name(class)".
    std::string_view spec = seg.substr(1);
    const size_t paren = spec.find('(');
    std::string_view name = spec.substr(0, paren);
    if (name.empty() || !(IsAlpha(name.front()) || name.front() == '_') ||
        !std::all_of(name.begin(), name.end(), [](char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; })) {
      return InvalidRoute("bad parameter name", pattern);
    }
    if (!names.emplace(name).second) return InvalidRoute("repeated parameter name", pattern);
    SegmentKind kind = SegmentKind::kAny;
    if (paren != std::string_view::npos) {
      std::string_view cls = spec.substr(paren);
      if (cls.size() < 3 || cls.back() != ')') return InvalidRoute("unclosed '('", pattern);
      cls = cls.substr(1, cls.size() - 2);
      auto it = std::find_if(std::begin(kSegmentClasses), std::end(kSegmentClasses),
                             [&](const SegmentClass& c) { return cls == c.spelling; });
      if (it == std::end(kSegmentClasses)) {
        return InvalidRoute("unsupported parameter class (use \\d+, [0-9A-Fa-f]+ or [A-Za-z0-9_-]+)",
                            pattern);
      }
      kind = it->kind;
    }
    auto it = std::find_if(node->params.begin(), node->params.end(),
                           [&](const RouterNode::ParamEdge& e) { return e.name == name && e.kind == kind; });
    if (it == node->params.end()) {
      node->params.push_back({std::string(name), kind, std::make_unique<RouterNode>()});
      it = std::prev(node->params.end());
    }
    node = it->node.get();
  }

  std::vector<const Route*>& list = wildcard ? node->wildcard_routes : node->routes;
  if (FindMethod(list, method) != nullptr) {
    return Status::Conflict("duplicate_route", method + " " + std::string(pattern));
  }
  auto route = std::make_unique<Route>(
      Route{std::move(method), std::string(pattern), std::move(handler), dispatch, InlineAttempt()});
  list.push_back(route.get());
  routes_.push_back(std::move(route));
  return Status::Ok();
}

Router& Router::Add(std::string method, std::string_view pattern, Handler handler, Dispatch dispatch) {
  Status s = TryAdd(std::move(method), pattern, std::move(handler), dispatch);
  if (!s.ok()) {
    std::fprintf(stderr, "fatal: bad route: %s\n", s.ToString().c_str());
    std::abort();
  }
  return *this;
}

Router& Router::AddWithInlineAttempt(std::string method, std::string_view pattern,
                                     InlineAttempt attempt, Handler handler) {
  Add(std::move(method), pattern, std::move(handler), Dispatch::kWorker);
  routes_.back()->attempt = std::move(attempt);
  return *this;
}

namespace {

struct MatchState {
  std::string_view method;
  std::string_view path;
  const std::vector<std::string_view>* segments;
  std::vector<std::pair<std::string_view, std::string_view>> params;
  const Route* found = nullptr;
  std::set<std::string_view> allow;  // methods of paths that matched but not this method
};

}  // namespace

// Depth-first with backtracking, literal before parameter before wildcard.
// Returns true when a route for the method was found.
static bool Visit(const RouterNode& node, size_t index, MatchState& st);

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') return result;
  thread_local std::vector<std::string_view> segments;
  SplitPath(path, segments);
  MatchState st{method, path, &segments, {}, nullptr, {}};
  if (Visit(*root_, 0, st)) {
    result.kind = RouteMatch::Kind::kFound;
    result.route = st.found;
    for (const auto& [name, value] : st.params) result.params.emplace(name, value);
    return result;
  }
  if (!st.allow.empty()) {
    result.kind = RouteMatch::Kind::kMethodNotAllowed;
    for (std::string_view m : st.allow) {
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += m;
    }
  }
  return result;
}

static bool Visit(const RouterNode& node, size_t index, MatchState& st) {
  const std::vector<std::string_view>& segs = *st.segments;
  if (index == segs.size()) {
    if (const Route* r = FindMethod(node.routes, st.method)) {
      st.found = r;
      return true;
    }
    for (const Route* r : node.routes) st.allow.insert(r->method);
    return false;
  }
  const std::string_view seg = segs[index];
  for (const auto& [literal, child] : node.literals) {
    if (literal == seg && Visit(*child, index + 1, st)) return true;
  }
  for (const auto& edge : node.params) {
    if (!SegmentFits(edge.kind, seg)) continue;
    st.params.emplace_back(edge.name, seg);
    if (Visit(*edge.node, index + 1, st)) return true;
    st.params.pop_back();
  }
  if (!node.wildcard_routes.empty()) {
    // The rest of the path from this segment on, '/' included.
    const size_t offset = static_cast<size_t>(seg.data() - st.path.data());
    std::string_view rest = st.path.substr(offset);
    if (!rest.empty()) {
      if (const Route* r = FindMethod(node.wildcard_routes, st.method)) {
        st.params.emplace_back("*", rest);
        st.found = r;
        return true;
      }
      for (const Route* r : node.wildcard_routes) st.allow.insert(r->method);
    }
  }
  return false;
}

}  // namespace ams::web
