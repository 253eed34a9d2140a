#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ams::auth {

// The four roles of DESIGN.md ("Who uses it"). An account has exactly one.
// Stored and sent as the ToString() id, never by number.
enum class Role {
  kApplicant,  // pemohon: their own identity and requests
  kOperator,   // verifikator: works the request queue
  kAdmin,      // agencies, accounts, roles, CA and SMTP settings
  kAuditor,    // reads the audit log and reports; changes nothing
};

// "applicant", "operator", "admin", "auditor".
const char* ToString(Role role);
// The inverse of ToString; exact and lower case. kInvalidArgument
// "invalid_role" otherwise (the detail does not echo the input).
Result<Role> ParseRole(std::string_view text);
// Operators and admins must enrol in and pass a TOTP second factor.
bool RequiresSecondFactor(Role role);

}  // namespace ams::auth
