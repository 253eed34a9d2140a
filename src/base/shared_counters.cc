#include "base/shared_counters.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

namespace ams {

namespace {

// std::atomic_ref needs lock-free 8-byte atomics to work across processes
// (a lock would live in one process's memory only).
static_assert(std::atomic_ref<uint64_t>::is_always_lock_free);

Status Unavailable(const std::string& path, const char* what) {
  return Status::Unavailable("shared_counters_unavailable",
                             path + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

Result<SharedCounters> SharedCounters::Open(const std::string& path, size_t count) {
  if (count == 0 || count > 64) return Status::Invalid("shared_counters_count");
  const size_t bytes = count * sizeof(uint64_t);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Unavailable(path, "open");
  struct stat st {};
  // Only ever grown: two processes creating it at once both extend it with
  // zeros, and a counter already counting is never cut.
  if (::fstat(fd, &st) != 0 ||
      (static_cast<size_t>(st.st_size) < bytes && ::ftruncate(fd, static_cast<off_t>(bytes)) != 0)) {
    Status s = Unavailable(path, "size");
    ::close(fd);
    return s;
  }
  void* map = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ::close(fd);  // The mapping keeps the file.
  if (map == MAP_FAILED) return Unavailable(path, "mmap");
  return SharedCounters(static_cast<uint64_t*>(map), count);
}

SharedCounters::SharedCounters(SharedCounters&& other) noexcept
    : words_(std::exchange(other.words_, nullptr)), count_(std::exchange(other.count_, 0)) {}

SharedCounters& SharedCounters::operator=(SharedCounters&& other) noexcept {
  if (this != &other) {
    if (words_ != nullptr) ::munmap(words_, count_ * sizeof(uint64_t));
    words_ = std::exchange(other.words_, nullptr);
    count_ = std::exchange(other.count_, 0);
  }
  return *this;
}

SharedCounters::~SharedCounters() {
  if (words_ != nullptr) ::munmap(words_, count_ * sizeof(uint64_t));
}

uint64_t SharedCounters::Load(size_t i) const {
  return std::atomic_ref<uint64_t>(words_[i]).load();
}

void SharedCounters::Add(size_t i, uint64_t n) { std::atomic_ref<uint64_t>(words_[i]).fetch_add(n); }

}  // namespace ams
