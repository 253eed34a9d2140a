#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/actor.h"
#include "base/clock.h"
#include "documents/blob_store.h"
#include "documents/document_record.h"
#include "documents/document_type.h"
#include "store/store.h"

namespace ams::documents {

// One file as received: the client's name (a claim, never trusted) and the
// bytes. The declared Content-Type is not even passed in: only the content
// decides the type.
struct IncomingFile {
  std::string filename;
  std::string content;
};

// A document and its bytes, for download.
struct DocumentContent {
  DocumentRecord record;
  std::string bytes;
};

// Supporting documents (DESIGN.md "Documents", issue #4 item 4): upload,
// metadata and download, each under the access rules of
// documents/document_access.h. The bytes go to a BlobStore (content-
// addressed, so the same file is stored once); the record and its audit
// record ("document.uploaded") commit in one transaction. Thread-safe: holds
// no mutable state; `store`, `blobs` and `clock` must outlive it.
class DocumentService {
 public:
  DocumentService(store::Store& store, BlobStore& blobs, const Clock& clock, DocumentLimits limits)
      : store_(store), blobs_(blobs), clock_(clock), limits_(limits) {}

  // Stores `files` as documents of `owner_account_id` for `purpose`, all or
  // none: every file is checked before any is stored. Returns the records in
  // the order given.
  // kInvalidArgument "no_file", "too_many_files" (over limits.max_files),
  // "document_empty", "document_too_large" (over limits.max_bytes),
  // "document_type_not_allowed" (not PDF, JPEG or PNG by content);
  // kPermissionDenied "auditor_read_only"; kNotFound "account_not_found"
  // (see CheckCanUpload). Nothing is stored on any error.
  Result<std::vector<DocumentRecord>> Upload(const auth::Actor& actor, int64_t owner_account_id,
                                             DocumentPurpose purpose,
                                             const std::vector<IncomingFile>& files);

  // The metadata. kNotFound "document_not_found" when unknown or not
  // readable by `actor` (CheckCanRead).
  Result<DocumentRecord> Get(const auth::Actor& actor, int64_t id);
  // The metadata and the bytes, as Get. kInternal when the stored bytes no
  // longer match their hash.
  Result<DocumentContent> Download(const auth::Actor& actor, int64_t id);
  // The documents of `owner_account_id`, newest first, under CheckCanRead.
  Result<std::vector<DocumentRecord>> ListOf(const auth::Actor& actor, int64_t owner_account_id);

  const DocumentLimits& limits() const { return limits_; }

 private:
  store::Store& store_;
  BlobStore& blobs_;
  const Clock& clock_;
  DocumentLimits limits_;
};

}  // namespace ams::documents
