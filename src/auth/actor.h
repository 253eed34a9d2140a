#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/role.h"

namespace ams::auth {

// Who is asking: an authenticated account (by session or API token), or the
// system itself (the CLI run by the server's owner). Handed to every service
// call so that the service, not the web layer, checks permissions.
struct Actor {
  int64_t account_id = 0;  // 0 for the system
  std::string email;       // "system" for the system
  Role role = Role::kApplicant;
  std::vector<int64_t> agencies;  // operators: the agencies assigned to them
  bool is_system = false;
  std::string remote_addr;  // for the audit log

  static Actor System() {
    Actor a;
    a.email = "system";
    a.role = Role::kAdmin;
    a.is_system = true;
    a.remote_addr = "cli";
    return a;
  }
};

}  // namespace ams::auth
