#pragma once

#include "documents/blob_store.h"
#include "store/store.h"

namespace ams::documents {

// Blobs in the database's `blobs` table (store::BlobRepo), for deployments
// of several nodes that share a PostgreSQL but no disk (documents.store =
// "database"). Each Put and Get is its own transaction. Get recomputes the
// SHA-256, so a row changed behind our back is detected. Thread-safe.
class DatabaseBlobStore final : public BlobStore {
 public:
  explicit DatabaseBlobStore(store::Store& store) : store_(store) {}
  Result<std::string> Put(std::string_view content) override;
  Result<std::string> Get(const std::string& sha256_hex) override;

 private:
  store::Store& store_;
};

}  // namespace ams::documents
