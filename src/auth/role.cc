#include "auth/role.h"

namespace ams::auth {

const char* ToString(Role role) {
  switch (role) {
    case Role::kApplicant: return "applicant";
    case Role::kOperator: return "operator";
    case Role::kAdmin: return "admin";
    case Role::kAuditor: return "auditor";
  }
  return "applicant";
}

Result<Role> ParseRole(std::string_view text) {
  for (Role r : {Role::kApplicant, Role::kOperator, Role::kAdmin, Role::kAuditor}) {
    if (text == ToString(r)) return r;
  }
  return Status::Invalid("invalid_role", "expected applicant, operator, admin or auditor");
}

bool RequiresSecondFactor(Role role) { return role == Role::kOperator || role == Role::kAdmin; }

}  // namespace ams::auth
