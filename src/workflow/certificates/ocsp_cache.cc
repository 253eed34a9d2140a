#include "workflow/certificates/ocsp_cache.h"

namespace ams::workflow {

int64_t OcspCache::synced() const {
  std::lock_guard lock(mu_);
  return synced_;
}

void OcspCache::Sync(int64_t counter, const std::vector<std::string>& revoked) {
  std::lock_guard lock(mu_);
  if (synced_ < 0) {
    // First look at the counter: nothing cached can predate it.
    entries_.clear();
  }
  for (const std::string& serial : revoked) entries_.erase(serial);
  if (counter > synced_) synced_ = counter;
}

void OcspCache::Erase(const std::string& serial_hex) {
  std::lock_guard lock(mu_);
  entries_.erase(serial_hex);
}

std::optional<std::string> OcspCache::Find(const std::string& serial_hex,
                                           TimePoint fresh_after) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(serial_hex);
  if (it == entries_.end() || it->second.signed_at <= fresh_after) return std::nullopt;
  return it->second.der;
}

void OcspCache::Insert(const std::string& serial_hex, std::string der, TimePoint signed_at,
                       int64_t counter) {
  std::lock_guard lock(mu_);
  // The status was read after the counter showed `counter`; if we synced to
  // a later value meanwhile, a revocation may have been dropped from the cache
  // before this entry existed.
  if (counter != synced_) return;
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_[serial_hex] = Entry{std::move(der), signed_at};
}

size_t OcspCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace ams::workflow
