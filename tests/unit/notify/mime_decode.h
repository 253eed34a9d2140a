#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/encoding.h"

// A small, independent reader of the messages notify/message_format writes,
// for tests: unfolds header fields, decodes RFC 2047 B words and a
// quoted-printable body.
namespace ams::notify::testing {

struct ParsedMail {
  std::map<std::string, std::string> headers;  // raw (folded lines joined), by name
  std::string body;                            // still encoded
};

inline ParsedMail ParseMail(std::string_view raw) {
  ParsedMail m;
  size_t split = raw.find("\r\n\r\n");
  std::string_view head = raw.substr(0, split);
  m.body = split == std::string_view::npos ? "" : std::string(raw.substr(split + 4));
  std::string last;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      m.headers[last] += std::string("\r\n") + std::string(line);
    } else {
      size_t colon = line.find(": ");
      last = std::string(line.substr(0, colon));
      m.headers[last] = std::string(line.substr(colon + 2));
    }
    pos = end + 2;
  }
  return m;
}

// Decodes a header value made only of "=?UTF-8?B?...?=" words separated by
// folding white space, or returns it unfolded when it holds none.
inline std::optional<std::string> DecodeHeader(std::string_view value) {
  std::string out;
  if (value.find("=?") == std::string_view::npos) {
    for (size_t i = 0; i < value.size(); ++i) {
      if (value.substr(i, 2) == "\r\n") {
        ++i;
        continue;
      }
      out += value[i];
    }
    return out;
  }
  size_t pos = 0;
  while (pos < value.size()) {
    size_t start = value.find("=?UTF-8?B?", pos);
    if (start == std::string_view::npos) {
      if (value.substr(pos).find_first_not_of(" \r\n") != std::string_view::npos) return {};
      break;
    }
    if (value.substr(pos, start - pos).find_first_not_of(" \r\n") != std::string_view::npos) {
      return {};
    }
    size_t end = value.find("?=", start + 10);
    if (end == std::string_view::npos) return {};
    auto decoded = Base64Decode(value.substr(start + 10, end - start - 10));
    if (!decoded) return {};
    out += *decoded;
    pos = end + 2;
  }
  return out;
}

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 2045 §6.7 decoding; line ends stay CRLF.
inline std::optional<std::string> DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
      continue;
    }
    if (text.substr(i + 1, 2) == "\r\n") {
      i += 2;
      continue;
    }
    if (i + 2 >= text.size()) return {};
    int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
    if (hi < 0 || lo < 0) return {};
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace ams::notify::testing
