#include "audit/audit_service.h"

namespace ams::audit {

namespace {
Status RequireReader(const auth::Actor& actor) {
  if (actor.is_system || actor.role == auth::Role::kAuditor || actor.role == auth::Role::kAdmin) {
    return Status();
  }
  return Status::PermissionDenied("forbidden", "auditors and admins read the audit log");
}
}  // namespace

Result<std::vector<AuditRecord>> AuditService::Query(const auth::Actor& actor,
                                                     const AuditFilter& filter) {
  AMS_RETURN_IF_ERROR(RequireReader(actor));
  std::vector<AuditRecord> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(out, tx.audit().Query(filter));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<ChainVerdict> AuditService::Verify(const auth::Actor& actor) {
  AMS_RETURN_IF_ERROR(RequireReader(actor));
  ChainVerifier verifier;
  store::AuditHead head;
  Status s = store_.ScanAudit([&](const AuditRecord& r) { return verifier.Add(r); }, &head);
  if (!s.ok()) return s;
  return verifier.Finish(head.seq, head.hash);
}

}  // namespace ams::audit
