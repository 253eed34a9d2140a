// RESTinio's multipart helpers (header-only parsers, without its server).
#include "web/http/multipart.h"

#include <restinio/helpers/http_field_parsers/content-disposition.hpp>
#include <restinio/helpers/multipart_body.hpp>

namespace ams::web {
namespace {

namespace hfp = restinio::http_field_parsers;
namespace mp = restinio::multipart_body;

std::string ToString(restinio::string_view_t s) { return std::string(s.data(), s.size()); }

Status Malformed(std::string detail) { return Status::Invalid("malformed_multipart", std::move(detail)); }

}  // namespace

Result<std::vector<Part>> ParseMultipart(const HttpRequest& request, const MultipartLimits& limits) {
  std::optional<std::string> content_type = request.Header("content-type");
  if (!content_type) return Status::Invalid("not_multipart", "no Content-Type");
  auto parsed_type = hfp::content_type_value_t::try_parse(*content_type);
  if (!parsed_type || !restinio::impl::is_equal_caseless(parsed_type->media_type.type, "multipart") ||
      !restinio::impl::is_equal_caseless(parsed_type->media_type.subtype, "form-data")) {
    return Status::Invalid("not_multipart", "Content-Type is not multipart/form-data");
  }
  auto boundary = hfp::find_first(parsed_type->media_type.parameters, "boundary");
  if (!boundary || mp::check_boundary_value(*boundary)) {
    return Status::Invalid("not_multipart", "missing or invalid boundary");
  }
  const std::string delimiter = "--" + ToString(*boundary);

  // split_multipart_body returns an empty list on any framing error (and for
  // a body with no parts at all): both are malformed for us.
  const std::vector<restinio::string_view_t> raw_parts = mp::split_multipart_body(request.body, delimiter);
  if (raw_parts.empty()) return Malformed("no parts or no closing boundary");
  if (raw_parts.size() > limits.max_parts) {
    return Status::Invalid("too_many_parts", std::to_string(raw_parts.size()) + " parts");
  }

  std::vector<Part> parts;
  parts.reserve(raw_parts.size());
  for (restinio::string_view_t raw : raw_parts) {
    // Bound the work the header parser does on hostile input: headers must end
    // (blank line) within max_part_header_bytes.
    const size_t header_end = raw.substr(0, limits.max_part_header_bytes + 4).find("\r\n\r\n");
    if (header_end == restinio::string_view_t::npos && !(raw.size() >= 2 && raw.substr(0, 2) == "\r\n")) {
      return Malformed("part headers too long or unterminated");
    }
    auto parsed = mp::try_parse_part(raw);
    if (!parsed) return Malformed("bad part headers");

    auto disposition = parsed->fields.opt_value_of(restinio::http_field::content_disposition);
    if (!disposition) return Malformed("part without Content-Disposition");
    auto cd = hfp::content_disposition_value_t::try_parse(*disposition);
    if (!cd || !restinio::impl::is_equal_caseless(cd->value, "form-data")) {
      return Malformed("Content-Disposition is not form-data");
    }
    auto name = hfp::find_first(cd->parameters, "name");
    if (!name || name->empty()) return Malformed("part without a name");

    Part part;
    part.name = ToString(*name);
    if (auto filename = hfp::find_first(cd->parameters, "filename")) {
      part.filename = ToString(*filename);
    } else if (auto filename_star = hfp::find_first(cd->parameters, "filename*")) {
      part.filename = ToString(*filename_star);
    }
    if (auto type = parsed->fields.opt_value_of(restinio::http_field::content_type)) {
      part.content_type = ToString(*type);
    }
    part.data = ToString(parsed->body);
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace ams::web
