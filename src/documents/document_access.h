#pragma once

#include <cstdint>
#include <vector>

#include "auth/actor.h"
#include "documents/document_record.h"
#include "store/store.h"

// Who may see and add the documents of an applicant, in one place, for the
// document service and for the request services that attach documents.
namespace ams::documents {

// Whether `actor` may read the documents of account `owner_account_id`: the
// owner, the operators of the agency of the owner's current identity, admins,
// auditors and the system. kNotFound "document_not_found" otherwise (never
// 403: a stranger cannot learn which documents exist). The same scope as
// auth::AccountService::GetAccount.
Status CheckCanRead(store::Transaction& tx, const auth::Actor& actor, int64_t owner_account_id);

// Whether `actor` may upload for `owner_account_id`: the owner, the operators
// of the owner's agency (scanning at the desk), admins and the system.
// kPermissionDenied "auditor_read_only" for auditors; kNotFound
// "account_not_found" for an owner the actor cannot see or that does not exist.
Status CheckCanUpload(store::Transaction& tx, const auth::Actor& actor, int64_t owner_account_id);

// For the request services (src/workflow/requests): the records of `ids`,
// in order, when every one belongs to `owner_account_id`. kNotFound
// "document_not_found" (the detail names the id) when any is unknown or
// belongs to someone else, so an applicant cannot attach, or probe for,
// another's document; kInvalidArgument "too_many_documents" past 100. Call it
// inside the transaction that attaches the documents.
Result<std::vector<DocumentRecord>> DocumentsOwnedBy(store::Transaction& tx,
                                                     int64_t owner_account_id,
                                                     const std::vector<int64_t>& ids);

}  // namespace ams::documents
