#include "documents/document_service.h"

#include "documents/document_access.h"
#include "documents/document_events.h"

namespace ams::documents {

Result<std::vector<DocumentRecord>> DocumentService::Upload(const auth::Actor& actor,
                                                            int64_t owner_account_id,
                                                            DocumentPurpose purpose,
                                                            const std::vector<IncomingFile>& files) {
  if (files.empty()) return Status::Invalid("no_file", "send the file in the part named \"file\"");
  if (files.size() > limits_.max_files) {
    return Status::Invalid("too_many_files", std::to_string(files.size()) + " files; at most " +
                                                 std::to_string(limits_.max_files));
  }
  // Everything that can refuse the upload runs before the first byte is
  // stored, so a refused upload leaves nothing behind.
  std::vector<DocumentType> types;
  for (const IncomingFile& f : files) {
    AMS_ASSIGN_OR_RETURN(DocumentType type, DetectDocumentType(f.content, limits_));
    types.push_back(type);
  }
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) {
    return CheckCanUpload(tx, actor, owner_account_id);
  }));

  // The blobs go first: a crash before the records commit leaves at most an
  // unreferenced blob (harmless, and reused by the next upload of the same
  // bytes), never a record without its bytes.
  const TimePoint now = clock_.Now();
  std::vector<DocumentRecord> records;
  for (size_t i = 0; i < files.size(); ++i) {
    DocumentRecord d;
    AMS_ASSIGN_OR_RETURN(d.sha256, blobs_.Put(files[i].content));
    d.owner_account_id = owner_account_id;
    d.type = types[i];
    d.size = static_cast<int64_t>(files[i].content.size());
    d.filename = SanitiseFilename(files[i].filename);
    d.purpose = purpose;
    d.uploaded_at = now;
    if (!actor.is_system) d.uploaded_by = actor.account_id;
    records.push_back(std::move(d));
  }
  std::vector<DocumentRecord> out;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    out.clear();  // the store may run `work` again after a conflict
    AMS_RETURN_IF_ERROR(CheckCanUpload(tx, actor, owner_account_id));
    for (DocumentRecord d : records) {
      AMS_ASSIGN_OR_RETURN(d.id, tx.documents().Insert(d));
      AMS_RETURN_IF_ERROR(tx.audit().Append(events::Uploaded(actor, d)).status());
      out.push_back(std::move(d));
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<DocumentRecord> DocumentService::Get(const auth::Actor& actor, int64_t id) {
  DocumentRecord out;
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(out, tx.documents().Find(id));
    return CheckCanRead(tx, actor, out.owner_account_id);
  }));
  return out;
}

Result<DocumentContent> DocumentService::Download(const auth::Actor& actor, int64_t id) {
  DocumentContent out;
  AMS_ASSIGN_OR_RETURN(out.record, Get(actor, id));
  AMS_ASSIGN_OR_RETURN(out.bytes, blobs_.Get(out.record.sha256));
  return out;
}

Result<std::vector<DocumentRecord>> DocumentService::ListOf(const auth::Actor& actor,
                                                            int64_t owner_account_id) {
  std::vector<DocumentRecord> out;
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    AMS_RETURN_IF_ERROR(CheckCanRead(tx, actor, owner_account_id));
    AMS_ASSIGN_OR_RETURN(out, tx.documents().ListByOwner(owner_account_id));
    return Status();
  }));
  return out;
}

}  // namespace ams::documents
