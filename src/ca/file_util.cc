#include "ca/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace ams::ca {

Result<std::string> ReadFile(const std::filesystem::path& path, std::string_view not_found_reason,
                             size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(std::string(not_found_reason), "no file " + path.string());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Internal("cannot open " + path.string());
  std::string data;
  char buf[8192];
  while (in.read(buf, sizeof(buf)) || in.gcount() > 0) {
    data.append(buf, static_cast<size_t>(in.gcount()));
    if (data.size() > max_bytes) return Status::Internal("file too large: " + path.string());
  }
  if (in.bad()) return Status::Internal("cannot read " + path.string());
  return data;
}

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view data, unsigned mode,
                       bool overwrite) {
  std::error_code ec;
  if (!overwrite && std::filesystem::exists(path, ec)) {
    return Status::Conflict("ca_file_exists", "refusing to overwrite " + path.string());
  }
  const std::string tmp = path.string() + ".tmp";
  // O_EXCL with the final mode: a key file is never readable by others, not
  // even for the moment before a chmod.
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Status::Internal("cannot create " + tmp + ": " + std::strerror(errno));
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::Internal("cannot write " + tmp);
    }
    off += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::Internal("cannot move " + tmp + " into place");
  }
  return Status::Ok();
}

}  // namespace ams::ca
