#include "documents/database_blob_store.h"

#include "base/encoding.h"

namespace ams::documents {

namespace {

bool IsSha256Hex(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

Result<std::string> DatabaseBlobStore::Put(std::string_view content) {
  std::string key = Sha256Hex(content);
  AMS_RETURN_IF_ERROR(
      store_.InTransaction([&](store::Transaction& tx) { return tx.blobs().Put(key, content); }));
  return key;
}

Result<std::string> DatabaseBlobStore::Get(const std::string& key) {
  if (!IsSha256Hex(key)) return Status::NotFound("document_not_found");
  std::string content;
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(content, tx.blobs().Get(key));
    return Status();
  }));
  // The same promise as the folder store: bytes that no longer match their
  // key are never handed out as the document.
  if (Sha256Hex(content) != key) {
    return Status::Internal("blob " + key + " does not match its content");
  }
  return content;
}

}  // namespace ams::documents
