#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/status.h"

namespace ams::identity {

// The identity data of one applicant (DESIGN.md "Identity"), as plain strings
// so that storage and web can move it around freely. Validate() or
// Normalise() before trusting it. A plain value; thread-compatible.
struct IdentityData {
  std::string full_name;  // required; PersonName
  std::string nik;        // required; Nik, 16 digits
  std::string nip;        // required; Nip, 18 digits
  std::string email;      // required; Email
  std::string phone;      // optional (empty allowed); Phone
  int64_t agency_id = 0;  // required; > 0, the agency's row id
  std::string unit;       // optional (empty allowed); bounded text
  std::string position;   // required; bounded text (jabatan)

  friend bool operator==(const IdentityData&, const IdentityData&) = default;

  // Checks every field in declaration order and returns the first failure:
  // kInvalidArgument with that field's reason ("invalid_name", "invalid_nik",
  // "invalid_nip", "invalid_email", "invalid_phone", "invalid_agency",
  // "invalid_text") and a detail that starts with the field name, e.g.
  // "nik: province code outside 11-94". OK when all fields are valid.
  // Consistency between fields (NIK vs NIP birth date) is a warning, not a
  // failure: see Warnings().
  Status Validate() const;

  // What an operator should look at but that does not make the data invalid
  // (DATA.md): "nik_nip_birth_date_mismatch", "nik_nip_gender_mismatch",
  // "email_not_official" (when `official_domains` is non-empty and the e-mail
  // is outside them). Fields that do not parse produce no warning.
  std::vector<std::string> Warnings(const std::vector<std::string>& official_domains) const;
};

// The names of IdentityData's fields, in declaration order, as used by
// Validate()'s details and ChangedFields(): "full_name", "nik", "nip",
// "email", "phone", "agency_id", "unit", "position".
const std::vector<std::string>& IdentityFieldNames();

// `data` with every field in its canonical form (names and text trimmed,
// e-mail domain lowercased, phone in E.164), or Validate()'s error. Store the
// normalised form so that ChangedFields() does not see a change in " Siti".
Result<IdentityData> Normalise(const IdentityData& data);

// The names of the fields whose values differ between `before` and `after`,
// in declaration order. Compares the strings exactly: normalise both first.
std::vector<std::string> ChangedFields(const IdentityData& before, const IdentityData& after);

// One version of an applicant's identity. Versions are never overwritten or
// deleted: an approved change adds version n+1 (DESIGN.md). A plain value.
struct IdentityVersion {
  int64_t id = 0;
  int64_t user_id = 0;
  int version = 0;  // 1 for the first, +1 per approved change
  IdentityData data;
  TimePoint created_at;
  int64_t created_by = 0;  // the account that approved (or the applicant for v1)
  bool verified = false;   // an operator has checked it against documents

  friend bool operator==(const IdentityVersion&, const IdentityVersion&) = default;
};

}  // namespace ams::identity
