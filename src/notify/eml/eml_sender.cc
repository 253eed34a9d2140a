#include "notify/eml/eml_sender.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ams::notify {

namespace {

Status WriteFailed(const std::string& what, int err) {
  return Status::Unavailable("eml_write_failed", what + ": " + std::strerror(err));
}

// Writes `data` to a new file at `path`. Returns errno, 0 on success.
int Write(const std::string& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return errno;
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return err;
    }
    done += static_cast<size_t>(n);
  }
  return ::close(fd) == 0 ? 0 : errno;
}

// Runs `sync` on the folder's descriptor. Returns errno, 0 on success.
int OnFolder(const std::string& folder, int (*sync)(int)) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int err = sync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return err;
}

std::string CompactUtc(TimePoint t) {
  std::string s = FormatUtc(t);  // "2026-11-27T03:36:35Z"
  std::string out;
  for (char c : s) {
    if (c != '-' && c != ':') out += c;
  }
  return out;  // "20261127T033635Z"
}

}  // namespace

Result<std::unique_ptr<EmlSender>> EmlSender::Create(std::string folder, MessageOptions message,
                                                     const Clock& clock) {
  AMS_RETURN_IF_ERROR(ValidateMessageOptions(message));
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec || !std::filesystem::is_directory(folder, ec)) {
    return Status::Unavailable("eml_folder_unavailable", folder + ": " + ec.message());
  }
  return std::unique_ptr<EmlSender>(new EmlSender(std::move(folder), std::move(message), clock));
}

Status EmlSender::Send(const OutgoingMail& mail) {
  const TimePoint now = clock_.Now();
  Result<std::string> message = FormatMessage(mail, message_, now);
  if (!message.ok()) return message.status();

  const std::string name = std::to_string(mail.id) + "-" + CompactUtc(now) + ".eml";
  // The temporary name is unique per process and call, so concurrent senders
  // (or a retry of the same mail within one second) never share one.
  static std::atomic<uint64_t> counter{0};
  const std::string tmp = folder_ + "/." + name + "." + std::to_string(::getpid()) + "." +
                          std::to_string(counter.fetch_add(1)) + ".tmp";
  if (int err = Write(tmp, *message); err != 0) {
    ::unlink(tmp.c_str());
    return WriteFailed(tmp, err);
  }
  std::lock_guard lock(mu_);
  pending_.push_back({tmp, folder_ + "/" + name});
  return Status();
}

Status EmlSender::Flush() {
  std::vector<Pending> pending;
  {
    std::lock_guard lock(mu_);
    pending.swap(pending_);
  }
  if (pending.empty()) return Status();
  auto fail = [&](const std::string& what, int err) {
    for (const Pending& p : pending) ::unlink(p.tmp.c_str());
    return WriteFailed(what, err);
  };
  // One syncfs for all the temporary files (one disk flush, not one per
  // mail), then the renames, then the folder: a mail appears whole or not
  // at all, also after a crash.
  if (int err = OnFolder(folder_, ::syncfs); err != 0) return fail(folder_, err);
  for (const Pending& p : pending) {
    // rename(2) replaces atomically: the same mail sent twice in one second
    // (at-least-once delivery) leaves one file.
    if (::rename(p.tmp.c_str(), p.path.c_str()) != 0) return fail(p.path, errno);
  }
  if (int err = OnFolder(folder_, ::fsync); err != 0) return WriteFailed(folder_, err);
  return Status();
}

EmlSender::~EmlSender() {
  // Mails never flushed were not recorded as sent: they go out again.
  for (const Pending& p : pending_) ::unlink(p.tmp.c_str());
}

}  // namespace ams::notify
