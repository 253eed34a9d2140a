#pragma once

#include "audit/audit_record.h"
#include "auth/actor.h"
#include "documents/document_record.h"

// The audit events of documents, written in one place.
namespace ams::documents::events {

// "document.uploaded": who uploaded what for whom (hash, type, size,
// purpose, sanitised name; never the content).
audit::AuditEvent Uploaded(const auth::Actor& actor, const DocumentRecord& record);

}  // namespace ams::documents::events
