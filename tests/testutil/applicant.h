#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "store/store.h"

namespace ams::testutil {

// What an applicant on record is made of. The defaults are one complete,
// valid identity; a test overrides only what it is about.
struct ApplicantSpec {
  std::string email = "siti@pekalongankota.go.id";  // the account's and the identity's
  std::string display_name = "Siti";
  std::string full_name = "Siti Rahmawati";
  std::string nik = "3375014506900001";
  std::string nip = "199006152015032001";
  std::string position = "Pranata Komputer";
  // An existing agency's row id; 0 creates the agency below.
  int64_t agency_id = 0;
  std::string agency_code = "DISKOMINFO";
  std::string agency_name = "Diskominfo";
  TimePoint created_at = FromUnixSeconds(1796096195);  // the account
  std::optional<TimePoint> identity_at{};  // the first identity version; Default: created_at
};

// The rows AddApplicant wrote.
struct Applicant {
  int64_t account_id = 0;
  int64_t agency_id = 0;
  int64_t identity_version_id = 0;
};

// An applicant with a verified identity, as the store holds one: an account
// with the applicant role, its agency, and the first identity version (what
// certificates and data change requests start from), written in `tx`.
// Returns the repositories' errors, e.g. kConflict for a taken e-mail.
Result<Applicant> AddApplicant(store::Transaction& tx, const ApplicantSpec& spec = {});

// The same in a transaction of its own.
Result<Applicant> AddApplicant(store::Store& store, const ApplicantSpec& spec = {});

}  // namespace ams::testutil
