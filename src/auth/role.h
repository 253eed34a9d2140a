#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ams::auth {

// The four roles of DESIGN.md. An account has exactly one.
enum class Role { kApplicant, kOperator, kAdmin, kAuditor };

// "applicant", "operator", "admin", "auditor".
const char* ToString(Role role);
// The inverse of ToString; kInvalidArgument "invalid_role" otherwise.
Result<Role> ParseRole(std::string_view text);
// Operators and admins must enrol in and pass a TOTP second factor.
bool RequiresSecondFactor(Role role);

}  // namespace ams::auth
