#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ams::identity {

// Nik is a syntactically valid NIK (Nomor Induk Kependudukan, the 16-digit
// national ID number; DATA.md). Parse is the only way to make one, so holding a
// Nik means the format has been checked. It does not mean the number exists in
// the population register. An immutable value; thread-compatible.
//
// Layout: PPKKCC DDMMYY SSSS — province, regency/city, district, birth date
// (women: DD + 40), sequence.
class Nik {
 public:
  // Accepts exactly 16 ASCII digits; province code 11–94; day 01–31 or 41–71;
  // month 01–12; sequence not 0000. No trimming, no separators.
  // Returns kInvalidArgument "invalid_nik" otherwise (detail says which rule).
  static Result<Nik> Parse(std::string_view text);

  const std::string& value() const { return value_; }
  int province_code() const;  // digits 1–2, e.g. 33 (Jawa Tengah)
  int regency_code() const;   // digits 1–4, e.g. 3375 (Kota Pekalongan)
  int district_code() const;  // digits 1–6

  // The birth date the NIK encodes. The year has only two digits, so the
  // century is not known: 1985 and 2085 both give 85.
  bool is_female() const;     // day field is 41–71
  int birth_day() const;      // 1–31, with the +40 for women removed
  int birth_month() const;    // 1–12
  int birth_year_2d() const;  // 0–99
  int sequence() const;       // 1–9999

  friend bool operator==(const Nik&, const Nik&) = default;

 private:
  explicit Nik(std::string value) : value_(std::move(value)) {}
  int Field(size_t pos, size_t len) const;

  std::string value_;
};

}  // namespace ams::identity
