#pragma once

#include <string_view>

// Small helpers shared by the identity parsers. Not part of the public API.
namespace ams::identity::internal {

// True when `s` is non-empty and every byte is an ASCII digit 0-9 (no
// locale-dependent isdigit: Arabic-Indic digits and the like are rejected).
inline bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The decimal value of s[pos, pos+len). REQUIRES: those bytes are digits and
// len <= 9.
inline int DigitsValue(std::string_view s, size_t pos, size_t len) {
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Proleptic Gregorian calendar.
inline bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
inline int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeapYear(y)) return 29;
  return kDays[m - 1];
}

}  // namespace ams::identity::internal
