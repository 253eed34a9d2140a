// CRL publication (RFC 5280 §5) for the issuing CA.
//
// Design. A CRL is signed by one generator and stored (its number and times
// in the small crl_state row, its DER in crl_der); requests are served the
// DER from memory, keyed by CRL number: re-read only when another process or
// node stored a higher number, never re-signed per request. A generation:
//   1. takes the next crlNumber in its own short write transaction: the
//      number is incremented under the row lock, so it increases across
//      restarts and nodes even if two generators run at once (a crashed
//      generator leaves a gap, which §5.2.3 allows);
//   2. reads the revocation counter and the revoked serials in one read
//      snapshot (no write lock is held while a million rows are read);
//   3. signs outside any transaction;
//   4. stores the CRL in a write transaction, with its audit record, unless
//      a higher number is stored already (a concurrent generator won).
// Revocations only bump the counter; the next CRL request or the background
// tick (MaintainCrl) notices counter > revocations_seen and regenerates, at
// most once per options.crl_min_interval, measured against the stored
// thisUpdate, so a burst of revocations on any number of nodes costs a few
// generations, never one per revocation.
#include <optional>

#include "ca/crl_builder.h"
#include "ca/serial.h"
#include "workflow/certificates/certificate_events.h"
#include "workflow/certificates/certificate_service.h"

namespace ams::workflow {

namespace {

enum class CrlNeed { kNone, kNow, kWhenIntervalPassed };

CrlNeed Assess(const store::CrlState& crl, int64_t counter, TimePoint now) {
  if (crl.number == 0) return CrlNeed::kNow;  // None yet.
  // Past half its validity: publish the next one well before nextUpdate.
  if (now >= crl.this_update + (crl.next_update - crl.this_update) / 2) return CrlNeed::kNow;
  if (counter > crl.revocations_seen) return CrlNeed::kWhenIntervalPassed;
  return CrlNeed::kNone;
}

}  // namespace

Result<int64_t> CertificateService::RegenerateCrl(bool only_if_needed, bool* made) {
  // One generation at a time in this process; the others wait and then,
  // seeing the fresh CRL, have nothing to do (coalescing).
  std::lock_guard lock(crl_mu_);
  return RegenerateCrlLocked(only_if_needed, made);
}

Result<CertificateService::CrlCheck> CertificateService::ReadCrlCheck() {
  CrlCheck check;
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(check.state, tx.certificates().LoadCrl(ca::CaHierarchy::kIssuingName, false));
    AMS_ASSIGN_OR_RETURN(check.revocations, tx.certificates().RevocationCounter());
    return Status();
  }));
  return check;
}

bool CertificateService::CrlDue(const CrlCheck& check, TimePoint now) const {
  switch (Assess(check.state, check.revocations, now)) {
    case CrlNeed::kNone:
      return false;
    case CrlNeed::kNow:
      return true;
    case CrlNeed::kWhenIntervalPassed:
      return now >= check.state.this_update + options_.crl_min_interval;
  }
  return true;
}

Result<int64_t> CertificateService::RegenerateCrlLocked(bool only_if_needed, bool* made) {
  *made = false;
  const std::string ca_name = ca::CaHierarchy::kIssuingName;
  if (only_if_needed) {
    AMS_ASSIGN_OR_RETURN(CrlCheck check, ReadCrlCheck());
    if (!CrlDue(check, clock_.Now())) return check.state.number;
  }

  int64_t number = 0;
  AMS_RETURN_IF_ERROR(store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(number, tx.certificates().NextCrlNumber(ca_name));
    return Status();
  }));
  int64_t seen = 0;
  std::vector<store::RevokedCertificate> revoked;
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(seen, tx.certificates().RevocationCounter());
    AMS_ASSIGN_OR_RETURN(revoked, tx.certificates().ListRevoked(ca_name));
    return Status();
  }));
  std::vector<ca::CrlEntry> entries;
  entries.reserve(revoked.size());
  for (const store::RevokedCertificate& r : revoked) {
    AMS_ASSIGN_OR_RETURN(std::vector<uint8_t> serial, ca::ParseSerialHex(r.serial_hex));
    entries.push_back({std::move(serial), r.revoked_at, r.reason});
  }
  store::CrlState crl;
  crl.ca_name = ca_name;
  crl.number = number;
  // Whole seconds: the stored times and the CRL's UTCTime agree exactly.
  crl.this_update = FromUnixSeconds(ToUnixSeconds(clock_.Now()));
  crl.next_update = crl.this_update + options_.crl_validity;
  crl.revocations_seen = seen;
  AMS_ASSIGN_OR_RETURN(crl.der, ca::BuildCrl(crl_signer_, entries, number, crl.this_update,
                                             crl.next_update));
  bool saved = false;
  AMS_RETURN_IF_ERROR(store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(saved, tx.certificates().SaveCrl(crl));
    if (!saved) return Status();
    return tx.audit().Append(events::CrlGenerated(ca_name, number, entries.size(), crl.this_update))
        .status();
  }));
  if (saved) {
    *made = true;
    std::lock_guard cache_lock(crl_cache_mu_);
    if (number > crl_number_) {
      crl_number_ = number;
      crl_next_update_ = crl.next_update;
      crl_der_ = std::make_shared<const std::string>(std::move(crl.der));
    }
  }
  return number;
}

Result<bool> CertificateService::MaintainCrl() {
  bool made = false;
  AMS_RETURN_IF_ERROR(RegenerateCrl(/*only_if_needed=*/true, &made).status());
  return made;
}

Result<int64_t> CertificateService::GenerateCrl() {
  bool made = false;
  return RegenerateCrl(/*only_if_needed=*/false, &made);
}

Result<std::shared_ptr<const std::string>> CertificateService::CurrentCrl() {
  // Nearly always nothing is due: one read of the CRL state and the
  // revocation counter, begun after this request arrived and shared with
  // the requests that arrive meanwhile (shared_read.h), then memory.
  AMS_ASSIGN_OR_RETURN(CrlCheck check, crl_checks_.Get([&] { return ReadCrlCheck(); }));
  if (!CrlDue(check, clock_.Now())) return StoredCrl(check.state.number);

  bool made = false;
  Result<int64_t> number = 0;
  {
    std::unique_lock lock(crl_mu_, std::try_to_lock);
    std::shared_ptr<const std::string> held;
    int64_t held_number = 0;
    if (!lock.owns_lock()) {
      // A generation is running in this process (seconds at a million
      // entries). The CRL we hold is still in force until its nextUpdate and
      // is replaced the moment the new one is stored: serve it, don't queue.
      {
        std::lock_guard cache_lock(crl_cache_mu_);
        if (crl_der_ && clock_.Now() < crl_next_update_) {
          held = crl_der_;
          held_number = crl_number_;
        }
      }
      if (!held) lock.lock();
    }
    if (lock.owns_lock()) {
      number = RegenerateCrlLocked(/*only_if_needed=*/true, &made);
    } else {
      // Unless another process (`ams crl generate`, another node) stored a
      // newer one meanwhile: a CRL once served by anyone is never followed
      // by an older one.
      if (check.state.number <= held_number) return held;
      number = check.state.number;
    }
  }
  if (!number.ok()) return number.status();
  return StoredCrl(*number);
}

Result<std::shared_ptr<const std::string>> CertificateService::StoredCrl(int64_t number) {
  {
    std::lock_guard lock(crl_cache_mu_);
    if (crl_der_ && crl_number_ >= number) return crl_der_;
  }
  // Another process or node made it: load it once.
  std::optional<store::CrlState> state;
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(state, tx.certificates().LoadCrl(ca::CaHierarchy::kIssuingName, true));
    return Status();
  }));
  if (state->der.empty()) return Status::Unavailable("crl_unavailable");
  std::lock_guard lock(crl_cache_mu_);
  if (state->number > crl_number_) {
    crl_number_ = state->number;
    crl_next_update_ = state->next_update;
    crl_der_ = std::make_shared<const std::string>(std::move(state->der));
  }
  return crl_der_;
}

Result<store::CrlState> CertificateService::CrlInfo() {
  store::CrlState state;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(state, tx.certificates().LoadCrl(ca::CaHierarchy::kIssuingName, false));
    return Status();
  });
  if (!s.ok()) return s;
  return state;
}

}  // namespace ams::workflow
