#include "identity/nip.h"

#include "identity/digits.h"

namespace ams::identity {

Result<Nip> Nip::Parse(std::string_view text) {
  auto invalid = [](const char* why) { return Status::Invalid("invalid_nip", why); };
  if (text.size() != 18) return invalid("a NIP has exactly 18 digits");
  if (!internal::AllDigits(text)) return invalid("a NIP has only the digits 0-9");

  const int year = internal::DigitsValue(text, 0, 4);
  const int month = internal::DigitsValue(text, 4, 2);
  const int day = internal::DigitsValue(text, 6, 2);
  // DATA.md: "a real calendar date". No civil servant was born before 1900.
  if (year < 1900) return invalid("birth year before 1900");
  if (month < 1 || month > 12) return invalid("birth month outside 01-12");
  if (day < 1 || day > internal::DaysInMonth(year, month)) {
    return invalid("birth day does not exist in that month");
  }

  const int appointed_year = internal::DigitsValue(text, 8, 4);
  const int appointed_month = internal::DigitsValue(text, 12, 2);
  if (appointed_month < 1 || appointed_month > 12) {
    return invalid("appointment month outside 01-12");
  }
  // Compared as months: the appointment is only known to the month, and a
  // person cannot be appointed in the month they are born.
  if (appointed_year * 12 + appointed_month <= year * 12 + month) {
    return invalid("appointment not after the birth date");
  }

  const char gender = text[14];
  if (gender != '1' && gender != '2') return invalid("gender digit is not 1 or 2");
  return Nip(std::string(text));
}

int Nip::Field(size_t pos, size_t len) const { return internal::DigitsValue(value_, pos, len); }

int Nip::birth_year() const { return Field(0, 4); }
int Nip::birth_month() const { return Field(4, 2); }
int Nip::birth_day() const { return Field(6, 2); }
int Nip::appointment_year() const { return Field(8, 4); }
int Nip::appointment_month() const { return Field(12, 2); }
bool Nip::is_female() const { return value_[14] == '2'; }
int Nip::sequence() const { return Field(15, 3); }

bool BirthDatesAgree(const Nik& nik, const Nip& nip) {
  return nik.birth_day() == nip.birth_day() && nik.birth_month() == nip.birth_month() &&
         nik.birth_year_2d() == nip.birth_year() % 100;
}

bool GendersAgree(const Nik& nik, const Nip& nip) { return nik.is_female() == nip.is_female(); }

}  // namespace ams::identity
