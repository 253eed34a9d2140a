#pragma once

#include <optional>
#include <utility>

#include "base/status.h"

namespace ams {

// Result<T> holds either a value or a non-OK Status. Access the value only
// after checking ok(). Thread-compatible, like T.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  // The value, or `fallback` when not OK.
  T value_or(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

 private:
  Status status_;
  std::optional<T> value_;
};

#define AMS_CONCAT_INNER_(a, b) a##b
#define AMS_CONCAT_(a, b) AMS_CONCAT_INNER_(a, b)
// AMS_ASSIGN_OR_RETURN(auto x, Foo()); returns Foo()'s status when not OK.
#define AMS_ASSIGN_OR_RETURN(lhs, expr) \
  AMS_ASSIGN_OR_RETURN_IMPL_(AMS_CONCAT_(result_, __LINE__), lhs, expr)
#define AMS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

}  // namespace ams
