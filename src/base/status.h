#pragma once

#include <string>
#include <utility>

namespace ams {

// The category of a failure. web/error_response.cc maps it to an HTTP status;
// the domain never sees a status number.
enum class Code {
  kOk,
  kInvalidArgument,
  kUnauthenticated,
  kPermissionDenied,
  kNotFound,
  kConflict,
  kFailedPrecondition,
  kTooManyRequests,
  kUnavailable,
  kInternal,
};

const char* CodeName(Code code);

// Status is the outcome of an operation that can fail. Core code returns it
// (or Result<T>) and never throws. reason() is a stable snake_case id (the JSON
// error.code and the key of the message in the translation catalogue);
// detail() is English text for logs only and never carries a secret.
class [[nodiscard]] Status {
 public:
  Status() = default;  // OK.
  Status(Code code, std::string reason, std::string detail)
      : code_(code), reason_(std::move(reason)), detail_(std::move(detail)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string reason, std::string detail = {}) {
    return Status(Code::kInvalidArgument, std::move(reason), std::move(detail));
  }
  static Status Unauthenticated(std::string reason, std::string detail = {}) {
    return Status(Code::kUnauthenticated, std::move(reason), std::move(detail));
  }
  static Status PermissionDenied(std::string reason, std::string detail = {}) {
    return Status(Code::kPermissionDenied, std::move(reason), std::move(detail));
  }
  static Status NotFound(std::string reason, std::string detail = {}) {
    return Status(Code::kNotFound, std::move(reason), std::move(detail));
  }
  static Status Conflict(std::string reason, std::string detail = {}) {
    return Status(Code::kConflict, std::move(reason), std::move(detail));
  }
  static Status FailedPrecondition(std::string reason, std::string detail = {}) {
    return Status(Code::kFailedPrecondition, std::move(reason), std::move(detail));
  }
  static Status TooManyRequests(std::string reason, std::string detail = {}) {
    return Status(Code::kTooManyRequests, std::move(reason), std::move(detail));
  }
  static Status Unavailable(std::string reason, std::string detail = {}) {
    return Status(Code::kUnavailable, std::move(reason), std::move(detail));
  }
  static Status Internal(std::string detail) {
    return Status(Code::kInternal, "internal", std::move(detail));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& reason() const { return reason_; }
  const std::string& detail() const { return detail_; }
  // "conflict/request_not_submitted: detail" — for logs and test failures.
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string reason_;
  std::string detail_;
};

#define AMS_RETURN_IF_ERROR(expr)            \
  do {                                       \
    if (::ams::Status s_ = (expr); !s_.ok()) \
      return s_;                             \
  } while (0)

}  // namespace ams
