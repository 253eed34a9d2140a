#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "identity/nik.h"

namespace ams::identity {

// Nip is a syntactically valid NIP (Nomor Induk Pegawai, the 18-digit civil
// servant number; DATA.md). Parse is the only way to make one. An immutable
// value; thread-compatible.
//
// Layout: YYYYMMDD YYYYMM G SSS — birth date, month of appointment, gender
// (1 male, 2 female), sequence.
class Nip {
 public:
  // Accepts exactly 18 ASCII digits where the birth date is a real calendar
  // date (year 1900 or later), the appointment month is 01–12 and later than
  // the birth month, and the gender digit is 1 or 2. No trimming.
  // Returns kInvalidArgument "invalid_nip" otherwise (detail says which rule).
  static Result<Nip> Parse(std::string_view text);

  const std::string& value() const { return value_; }
  int birth_year() const;   // four digits, e.g. 1985
  int birth_month() const;  // 1–12
  int birth_day() const;    // 1–31, valid for the month
  int appointment_year() const;
  int appointment_month() const;
  bool is_female() const;  // gender digit 2
  int sequence() const;    // 0–999

  friend bool operator==(const Nip&, const Nip&) = default;

 private:
  explicit Nip(std::string value) : value_(std::move(value)) {}
  int Field(size_t pos, size_t len) const;

  std::string value_;
};

// True when the birth date in the NIK (DDMMYY) matches the one in the NIP
// (YYYYMMDD) on day, month and the last two digits of the year. A mismatch is
// not an error: DATA.md asks for a warning to the operator.
bool BirthDatesAgree(const Nik& nik, const Nip& nip);

// True when the NIK's gender (day + 40 for women) matches the NIP's gender
// digit. Like BirthDatesAgree, a mismatch is for the operator to look at.
bool GendersAgree(const Nik& nik, const Nip& nip);

}  // namespace ams::identity
