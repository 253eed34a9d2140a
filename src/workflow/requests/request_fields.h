#pragma once

#include <map>
#include <string>

#include "base/result.h"
#include "identity/identity.h"

namespace ams::workflow {

// Identity fields by IdentityFieldNames() name, as requests carry them.
std::map<std::string, std::string> FieldsOf(const identity::IdentityData& data);

// `base` with `changes` applied, normalised. kInvalidArgument "unknown_field"
// for a name outside IdentityFieldNames(), "invalid_agency" for an agency_id
// that is not a positive number, or Normalise()'s codes.
Result<identity::IdentityData> ApplyFields(const identity::IdentityData& base,
                                           const std::map<std::string, std::string>& changes);

}  // namespace ams::workflow
