#include "documents/document_access.h"

#include <algorithm>

namespace ams::documents {

namespace {

using auth::Role;

bool Assigned(const auth::Actor& actor, int64_t agency_id) {
  return std::find(actor.agencies.begin(), actor.agencies.end(), agency_id) != actor.agencies.end();
}

// Operators are limited to the agencies assigned to them (DESIGN.md "Who
// uses it"); the owner's agency is that of their current identity version.
// An applicant who is not registered yet has none: then the agency named by
// their open registration request, whose documents (KTP, SK, form) the
// operator must see to verify it (SOP step 2).
bool OperatorCovers(store::Transaction& tx, const auth::Actor& actor, int64_t owner_account_id) {
  if (actor.role != Role::kOperator) return false;
  Result<identity::IdentityVersion> current = tx.identities().Current(owner_account_id);
  if (current.ok()) return Assigned(actor, current->data.agency_id);
  if (current.status().code() != Code::kNotFound) return false;
  Result<std::vector<workflow::Request>> requests = tx.requests().ListByAccount(owner_account_id);
  if (!requests.ok()) return false;
  for (const workflow::Request& r : *requests) {
    if (r.kind == workflow::RequestKind::kRegistration && !workflow::IsFinal(r.state) &&
        Assigned(actor, r.agency_id)) {
      return true;
    }
  }
  return false;
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
