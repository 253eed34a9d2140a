#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "web/http/http_types.h"

namespace ams::web {

// One part of a multipart/form-data body (RFC 7578).
struct Part {
  std::string name;          // Content-Disposition name
  std::string filename;      // "" for a plain field; the client's file name otherwise
  std::string content_type;  // as sent; "" when absent (text/plain by RFC 7578 §4.4)
  std::string data;
  bool is_file() const { return !filename.empty(); }
};

struct MultipartLimits {
  size_t max_parts = 32;
  size_t max_part_header_bytes = 4096;
};

// Parses a multipart/form-data request body. Returns kInvalidArgument with
// reason "not_multipart" (wrong or missing Content-Type / boundary),
// "malformed_multipart" (no closing boundary, a part without a form-data
// Content-Disposition and name, bad part headers) or "too_many_parts".
// Only filename= is honoured; filename* (RFC 5987) is passed through raw when
// it is the only one given. The file name is the client's claim: never use it
// as a path.
Result<std::vector<Part>> ParseMultipart(const HttpRequest& request, const MultipartLimits& limits = {});

}  // namespace ams::web
