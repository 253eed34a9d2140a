#pragma once

#include <vector>

#include "audit/audit_record.h"
#include "audit/chain.h"
#include "auth/actor.h"
#include "base/result.h"
#include "store/store.h"

namespace ams::audit {

// Reading and verifying the audit log. Auditors and admins read it; nobody
// writes through here (every service appends in its own transactions).
// Thread-safe.
class AuditService {
 public:
  explicit AuditService(store::Store& store) : store_(store) {}

  // kPermissionDenied unless the actor is an auditor, an admin or the system.
  Result<std::vector<AuditRecord>> Query(const auth::Actor& actor, const AuditFilter& filter);
  // Walks the whole chain (see VerifyChain).
  Result<ChainVerdict> Verify(const auth::Actor& actor);

 private:
  store::Store& store_;
};

}  // namespace ams::audit
