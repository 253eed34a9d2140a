#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ams::documents {

// Content-addressed storage of document bytes: the key is the SHA-256 (hex)
// of the content, so the same file is stored once and a stored file cannot
// change without its key changing. Implementations: a folder under the data
// directory (FolderBlobStore, the embedded default) and, for several nodes
// without a shared disk, a PostgreSQL table (issue #4). Thread-safe.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores `content` (idempotent) and returns its key.
  virtual Result<std::string> Put(std::string_view content) = 0;
  // kNotFound "document_not_found"; kInternal when the stored bytes no
  // longer match their key.
  virtual Result<std::string> Get(const std::string& sha256_hex) = 0;
};

}  // namespace ams::documents
