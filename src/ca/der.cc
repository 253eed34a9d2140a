#include "ca/der.h"

#include <ctime>

namespace ams::ca::der {

size_t HeaderSize(size_t length) {
  if (length < 0x80) return 2;
  size_t bytes = 0;
  for (size_t l = length; l > 0; l >>= 8) ++bytes;
  return 2 + bytes;
}

void AppendHeader(std::string& out, uint8_t tag, size_t length) {
  out.push_back(static_cast<char>(tag));
  if (length < 0x80) {
    out.push_back(static_cast<char>(length));
    return;
  }
  size_t bytes = 0;
  for (size_t l = length; l > 0; l >>= 8) ++bytes;
  out.push_back(static_cast<char>(0x80 | bytes));
  for (size_t i = bytes; i > 0; --i)
    out.push_back(static_cast<char>((length >> (8 * (i - 1))) & 0xff));
}

void AppendTlv(std::string& out, uint8_t tag, std::string_view content) {
  AppendHeader(out, tag, content.size());
  out.append(content);
}

std::string Tlv(uint8_t tag, std::string_view content) {
  std::string out;
  out.reserve(HeaderSize(content.size()) + content.size());
  AppendTlv(out, tag, content);
  return out;
}

void AppendUnsignedInteger(std::string& out, const uint8_t* magnitude, size_t n) {
  while (n > 0 && magnitude[0] == 0) {
    ++magnitude;
    --n;
  }
  if (n == 0) {
    out.append("\x02\x01\x00", 3);
    return;
  }
  const bool pad = (magnitude[0] & 0x80) != 0;
  AppendHeader(out, kInteger, n + (pad ? 1 : 0));
  if (pad) out.push_back('\0');
  out.append(reinterpret_cast<const char*>(magnitude), n);
}

void AppendUnsignedInteger(std::string& out, uint64_t value) {
  uint8_t bytes[8];
  for (int i = 7; i >= 0; --i) {
    bytes[i] = static_cast<uint8_t>(value & 0xff);
    value >>= 8;
  }
  AppendUnsignedInteger(out, bytes, sizeof(bytes));
}

void AppendTime(std::string& out, int64_t unix_seconds) {
  const time_t t = static_cast<time_t>(unix_seconds);
  struct tm tm {};
  gmtime_r(&t, &tm);
  const int year = tm.tm_year + 1900;
  const bool utc = year >= 1950 && year <= 2049;
  char buf[16];
  auto two = [](char* p, int v) {
    p[0] = static_cast<char>('0' + (v / 10) % 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  char* p = buf;
  if (!utc) {
    two(p, year / 100);
    p += 2;
  }
  two(p, year % 100);
  two(p + 2, tm.tm_mon + 1);
  two(p + 4, tm.tm_mday);
  two(p + 6, tm.tm_hour);
  two(p + 8, tm.tm_min);
  two(p + 10, tm.tm_sec);
  p[12] = 'Z';
  const size_t len = static_cast<size_t>(p + 13 - buf);
  AppendHeader(out, utc ? kUtcTime : kGeneralizedTime, len);
  out.append(buf, len);
}

bool ReadTlv(std::string_view& in, Element& out) {
  if (in.size() < 2) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  // Multi-byte tags (low five bits all set) never occur in the structures we read.
  if ((p[0] & 0x1f) == 0x1f) return false;
  size_t header = 2;
  size_t length = p[1];
  if (length & 0x80) {
    const size_t bytes = length & 0x7f;
    // 0x80 is BER's indefinite length; more than 4 length bytes is > 4 GiB.
    if (bytes == 0 || bytes > 4 || in.size() < 2 + bytes || p[2] == 0) return false;
    length = 0;
    for (size_t i = 0; i < bytes; ++i) length = (length << 8) | p[2 + i];
    if (length < 0x80) return false;  // Not minimal.
    header += bytes;
  }
  if (in.size() - header < length) return false;
  out.tag = p[0];
  out.content = in.substr(header, length);
  out.whole = in.substr(0, header + length);
  in.remove_prefix(header + length);
  return true;
}

bool ReadExpected(std::string_view& in, uint8_t tag, Element& out) {
  return ReadTlv(in, out) && out.tag == tag;
}

}  // namespace ams::ca::der
