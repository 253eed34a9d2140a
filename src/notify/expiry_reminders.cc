#include "notify/expiry_reminders.h"

#include <iostream>

namespace ams::notify {
namespace {

// Days before notAfter, nearest last.
constexpr int kWindows[] = {30, 7, 1};
// Certificates looked at per pass; the rest come on the next pass (those
// nearest their end first).
constexpr int kPassLimit = 5000;

}  // namespace

ExpiryReminders::ExpiryReminders(store::Store& store, const Notifier& notifier, const Clock& clock)
    : store_(store), notifier_(notifier), clock_(clock) {}

Result<ReminderStats> ExpiryReminders::RunOnce(TimePoint now) const {
  std::vector<store::CertificateRecord> certs;
  Status read = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(certs, tx.certificates().ListValidExpiring(
                                    now, now + std::chrono::days(kWindows[0]), kPassLimit));
    return Status();
  });
  if (!read.ok()) return read;

  ReminderStats stats;
  for (const store::CertificateRecord& cert : certs) {
    int days = kWindows[0];
    for (int w : kWindows) {
      if (cert.not_after <= now + std::chrono::days(w)) days = w;
    }
    ++stats.due;
    Notice notice;
    notice.account_id = cert.account_id;
    notice.event = "certificate_expiring";
    notice.params = {{"serial", cert.serial_hex},
                     {"days", std::to_string(days)},
                     {"not_after", FormatWib(cert.not_after)}};
    notice.dedup_key = "expiry:" + cert.serial_hex + ":" + std::to_string(days);
    bool written = false;
    Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(written, notifier_.NotifyIfNew(tx, notice));
      return Status();
    });
    if (!s.ok()) {
      // One holder's problem (say, a deleted account) must not stop the others.
      std::cerr << "reminders: " << cert.serial_hex << ": " << s.ToString() << std::endl;
      continue;
    }
    if (written) ++stats.sent;
  }
  return stats;
}

}  // namespace ams::notify
