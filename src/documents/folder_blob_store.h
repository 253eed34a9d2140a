#pragma once

#include <filesystem>

#include "documents/blob_store.h"

namespace ams::documents {

// Blobs as files <dir>/<first 2 hex>/<sha256 hex>, written to a temporary
// file, fsynced and renamed, so a crash never leaves a half-written blob under
// its key. Thread-safe: concurrent Puts of the same content both succeed.
class FolderBlobStore final : public BlobStore {
 public:
  explicit FolderBlobStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  Result<std::string> Put(std::string_view content) override;
  Result<std::string> Get(const std::string& sha256_hex) override;

 private:
  std::filesystem::path PathOf(const std::string& sha256_hex) const;
  std::filesystem::path dir_;
};

}  // namespace ams::documents
