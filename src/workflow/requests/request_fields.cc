#include "workflow/requests/request_fields.h"

#include <charconv>

namespace ams::workflow {

std::map<std::string, std::string> FieldsOf(const identity::IdentityData& d) {
  return {{"full_name", d.full_name}, {"nik", d.nik},         {"nip", d.nip},
          {"email", d.email},         {"phone", d.phone},     {"agency_id", std::to_string(d.agency_id)},
          {"unit", d.unit},           {"position", d.position}};
}

Result<identity::IdentityData> ApplyFields(const identity::IdentityData& base,
                                           const std::map<std::string, std::string>& changes) {
  identity::IdentityData d = base;
  for (const auto& [name, value] : changes) {
    if (name == "full_name") d.full_name = value;
    else if (name == "nik") d.nik = value;
    else if (name == "nip") d.nip = value;
    else if (name == "email") d.email = value;
    else if (name == "phone") d.phone = value;
    else if (name == "unit") d.unit = value;
    else if (name == "position") d.position = value;
    else if (name == "agency_id") {
      int64_t id = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
      if (ec != std::errc() || end != value.data() + value.size() || id <= 0) {
        return Status::Invalid("invalid_agency", "agency_id: not an agency");
      }
      d.agency_id = id;
    } else {
      return Status::Invalid("unknown_field", name + ": not an identity field");
    }
  }
  return identity::Normalise(d);
}

}  // namespace ams::workflow
