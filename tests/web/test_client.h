#pragma once

// A minimal blocking HTTP/1.1 client for tests: one request per connection
// (Connection: close), reads until EOF, splits status, headers and body.

#include <asio.hpp>

#include <map>
#include <string>

#include "web/http/http_types.h"

namespace ams::web::testing {

struct ClientResponse {
  int status = 0;  // 0: the connection closed without a response
  std::multimap<std::string, std::string> headers;  // lowercase names
  std::string body;
  std::string raw;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

inline ClientResponse ParseResponse(std::string raw) {
  ClientResponse r;
  r.raw = std::move(raw);
  const size_t head_end = r.raw.find("\r\n\r\n");
  if (r.raw.compare(0, 9, "HTTP/1.1 ") != 0 || head_end == std::string::npos) return r;
  r.status = std::stoi(r.raw.substr(9, 3));
  size_t line = r.raw.find("\r\n") + 2;
  while (line < head_end) {
    const size_t eol = r.raw.find("\r\n", line);
    std::string field = r.raw.substr(line, eol - line);
    const size_t colon = field.find(':');
    std::string name = field.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t v = colon + 1;
    while (v < field.size() && field[v] == ' ') ++v;
    r.headers.emplace(name, field.substr(v));
    line = eol + 2;
  }
  r.body = r.raw.substr(head_end + 4);
  return r;
}

// Sends `raw_request` as is and reads everything until the server closes.
inline ClientResponse SendRaw(uint16_t port, const std::string& raw_request) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  asio::error_code ec;
  socket.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) return {};
  asio::write(socket, asio::buffer(raw_request), ec);
  std::string raw;
  char buf[16384];
  while (true) {
    const size_t n = socket.read_some(asio::buffer(buf), ec);
    raw.append(buf, n);
    if (ec) break;
  }
  return ParseResponse(std::move(raw));
}

inline ClientResponse Send(uint16_t port, const std::string& method, const std::string& target,
                           const std::string& body = {}, const std::string& extra_headers = {}) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers;
  if (!body.empty() || method == "POST" || method == "PUT") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  return SendRaw(port, req);
}

}  // namespace ams::web::testing
