#include "identity/identity.h"

#include "base/result.h"
#include "identity/bounded_text.h"
#include "identity/email.h"
#include "identity/nik.h"
#include "identity/nip.h"
#include "identity/person_name.h"
#include "identity/phone.h"

namespace ams::identity {
namespace {

// Prefixes the detail with the field name, keeping code and reason.
Status InField(const char* field, const Status& s) {
  std::string detail = s.detail();
  // ParseBoundedText already names the field.
  if (detail.rfind(std::string(field) + ":", 0) != 0) detail = std::string(field) + ": " + detail;
  return Status(s.code(), s.reason(), std::move(detail));
}

}  // namespace

const std::vector<std::string>& IdentityFieldNames() {
  static const std::vector<std::string> kNames = {"full_name", "nik",       "nip",  "email",
                                                  "phone",     "agency_id", "unit", "position"};
  return kNames;
}

Result<IdentityData> Normalise(const IdentityData& data) {
  IdentityData out;
  Result<PersonName> name = PersonName::Parse(data.full_name);
  if (!name.ok()) return InField("full_name", name.status());
  out.full_name = name->value();

  Result<Nik> nik = Nik::Parse(data.nik);
  if (!nik.ok()) return InField("nik", nik.status());
  out.nik = nik->value();

  Result<Nip> nip = Nip::Parse(data.nip);
  if (!nip.ok()) return InField("nip", nip.status());
  out.nip = nip->value();

  Result<Email> email = Email::Parse(data.email);
  if (!email.ok()) return InField("email", email.status());
  out.email = email->value();

  if (!data.phone.empty()) {
    Result<Phone> phone = Phone::Parse(data.phone);
    if (!phone.ok()) return InField("phone", phone.status());
    out.phone = phone->e164();
  }

  if (data.agency_id <= 0) {
    return Status::Invalid("invalid_agency", "agency_id: must be a positive id");
  }
  out.agency_id = data.agency_id;

  if (!data.unit.empty()) {
    Result<std::string> unit = ParseBoundedText("unit", data.unit);
    if (!unit.ok()) return unit.status();
    out.unit = *unit;
  }

  Result<std::string> position = ParseBoundedText("position", data.position);
  if (!position.ok()) return position.status();
  out.position = *position;
  return out;
}

Status IdentityData::Validate() const { return Normalise(*this).status(); }

std::vector<std::string> IdentityData::Warnings(
    const std::vector<std::string>& official_domains) const {
  std::vector<std::string> warnings;
  Result<Nik> nik = Nik::Parse(this->nik);
  Result<Nip> nip = Nip::Parse(this->nip);
  if (nik.ok() && nip.ok()) {
    if (!BirthDatesAgree(*nik, *nip)) warnings.push_back("nik_nip_birth_date_mismatch");
    if (!GendersAgree(*nik, *nip)) warnings.push_back("nik_nip_gender_mismatch");
  }
  Result<Email> email = Email::Parse(this->email);
  if (email.ok() && !official_domains.empty() && !email->IsOfficial(official_domains)) {
    warnings.push_back("email_not_official");
  }
  return warnings;
}

std::vector<std::string> ChangedFields(const IdentityData& before, const IdentityData& after) {
  const std::vector<std::string>& names = IdentityFieldNames();
  const bool changed[] = {
      before.full_name != after.full_name,
      before.nik != after.nik,
      before.nip != after.nip,
      before.email != after.email,
      before.phone != after.phone,
      before.agency_id != after.agency_id,
      before.unit != after.unit,
      before.position != after.position,
  };
  static_assert(std::size(changed) == 8, "one entry per IdentityData field");
  std::vector<std::string> out;
  for (size_t i = 0; i < std::size(changed); ++i) {
    if (changed[i]) out.push_back(names[i]);
  }
  return out;
}

}  // namespace ams::identity
