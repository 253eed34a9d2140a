#include "documents/document_access.h"

#include <algorithm>

namespace ams::documents {

namespace {

using auth::Role;

// Operators are limited to the agencies assigned to them (DESIGN.md "Who
// uses it"); the owner's agency is that of their current identity version.
bool OperatorCovers(store::Transaction& tx, const auth::Actor& actor, int64_t owner_account_id) {
  if (actor.role != Role::kOperator) return false;
  Result<identity::IdentityVersion> current = tx.identities().Current(owner_account_id);
  if (!current.ok()) return false;
  return std::find(actor.agencies.begin(), actor.agencies.end(), current->data.agency_id) !=
         actor.agencies.end();
}

}  // namespace

Status CheckCanRead(store::Transaction& tx, const auth::Actor& actor, int64_t owner_account_id) {
  if (actor.is_system || actor.account_id == owner_account_id || actor.role == Role::kAdmin ||
      actor.role == Role::kAuditor) {
    return Status();
  }
  if (OperatorCovers(tx, actor, owner_account_id)) return Status();
  return Status::NotFound("document_not_found");
}

Status CheckCanUpload(store::Transaction& tx, const auth::Actor& actor, int64_t owner_account_id) {
  if (actor.role == Role::kAuditor && !actor.is_system) {
    return Status::PermissionDenied("auditor_read_only", "auditors change nothing");
  }
  Result<auth::Account> owner = tx.accounts().FindById(owner_account_id);
  if (!owner.ok()) {
    if (owner.status().code() == Code::kNotFound) return Status::NotFound("account_not_found");
    return owner.status();
  }
  if (actor.is_system || actor.account_id == owner_account_id || actor.role == Role::kAdmin) {
    return Status();
  }
  if (owner->role == Role::kApplicant && OperatorCovers(tx, actor, owner_account_id)) {
    return Status();
  }
  return Status::NotFound("account_not_found");
}

Result<std::vector<DocumentRecord>> DocumentsOwnedBy(store::Transaction& tx,
                                                     int64_t owner_account_id,
                                                     const std::vector<int64_t>& ids) {
  AMS_ASSIGN_OR_RETURN(std::vector<DocumentRecord> records, tx.documents().FindMany(ids));
  for (const DocumentRecord& d : records) {
    if (d.owner_account_id != owner_account_id) {
      return Status::NotFound("document_not_found", "document " + std::to_string(d.id));
    }
  }
  return records;
}

}  // namespace ams::documents
