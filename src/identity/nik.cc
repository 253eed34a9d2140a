#include "identity/nik.h"

#include "identity/digits.h"

namespace ams::identity {

Result<Nik> Nik::Parse(std::string_view text) {
  auto invalid = [](const char* why) { return Status::Invalid("invalid_nik", why); };
  if (text.size() != 16) return invalid("a NIK has exactly 16 digits");
  if (!internal::AllDigits(text)) return invalid("a NIK has only the digits 0-9");

  // DATA.md: province codes run from 11 (Aceh) to 94 (Papua).
  const int province = internal::DigitsValue(text, 0, 2);
  if (province < 11 || province > 94) return invalid("province code outside 11-94");
  const int day = internal::DigitsValue(text, 6, 2);
  // Women's NIKs carry the birth day + 40 (DATA.md), hence 41–71.
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
    return invalid("birth day outside 01-31 and 41-71");
  }
  const int month = internal::DigitsValue(text, 8, 2);
  if (month < 1 || month > 12) return invalid("birth month outside 01-12");
  if (internal::DigitsValue(text, 12, 4) == 0) return invalid("sequence number 0000");
  return Nik(std::string(text));
}

int Nik::Field(size_t pos, size_t len) const { return internal::DigitsValue(value_, pos, len); }

int Nik::province_code() const { return Field(0, 2); }
int Nik::regency_code() const { return Field(0, 4); }
int Nik::district_code() const { return Field(0, 6); }
bool Nik::is_female() const { return Field(6, 2) > 40; }
int Nik::birth_day() const {
  const int day = Field(6, 2);
  return day > 40 ? day - 40 : day;
}
int Nik::birth_month() const { return Field(8, 2); }
int Nik::birth_year_2d() const { return Field(10, 2); }
int Nik::sequence() const { return Field(12, 4); }

}  // namespace ams::identity
