#include "documents/folder_blob_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "base/encoding.h"
#include "base/random.h"

namespace ams::documents {

namespace fs = std::filesystem;

namespace {

bool IsSha256Hex(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Status WriteDurably(const fs::path& path, std::string_view content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Status::Unavailable("blob_store_unavailable", "cannot create " + path.string());
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      ::close(fd);
      return Status::Unavailable("blob_store_unavailable", "write failed");
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Status::Unavailable("blob_store_unavailable", "fsync failed");
  return Status();
}

}  // namespace

fs::path FolderBlobStore::PathOf(const std::string& key) const {
  return dir_ / key.substr(0, 2) / key;
}

Result<std::string> FolderBlobStore::Put(std::string_view content) {
  const std::string key = Sha256Hex(content);
  const fs::path path = PathOf(key);
  std::error_code ec;
  if (fs::exists(path, ec)) return key;  // content-addressed: the same bytes are there
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::Unavailable("blob_store_unavailable", ec.message());
  SecureRandom random;
  const fs::path tmp = path.parent_path() / (".tmp-" + random.Token(8));
  AMS_RETURN_IF_ERROR(WriteDurably(tmp, content));
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::Unavailable("blob_store_unavailable", "rename failed");
  }
  return key;
}

Result<std::string> FolderBlobStore::Get(const std::string& key) {
  if (!IsSha256Hex(key)) return Status::NotFound("document_not_found");
  std::ifstream in(PathOf(key), std::ios::binary);
  if (!in) return Status::NotFound("document_not_found");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string content = std::move(buffer).str();
  if (Sha256Hex(content) != key) {
    return Status::Internal("blob " + key + " does not match its content");
  }
  return content;
}

}  // namespace ams::documents
