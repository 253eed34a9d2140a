#pragma once

#include <cstdint>

#include "auth/actor.h"
#include "base/clock.h"
#include "base/status.h"
#include "ca/revocation_reason.h"
#include "store/store.h"

namespace ams::workflow {

// What the request workflow (workflow/requests) adds to the certificate paths,
// inside their transactions, so a refusal or a follow-up commits (or rolls
// back) with the issuance or revocation itself. Implementations must be
// thread-safe.
class CertificateHooks {
 public:
  virtual ~CertificateHooks() = default;
  // Before a certificate is issued (or renewed) for `account_id`: a non-OK
  // status refuses the issuance with that status (the SOP's warning: no new
  // certificate while a data change is open).
  virtual Status BeforeIssue(store::Transaction& tx, int64_t account_id) = 0;
  // Before `old` is renewed, ahead of BeforeIssue: a non-OK status refuses the
  // renewal (an office may require an operator's approval first).
  virtual Status BeforeRenew(store::Transaction& tx, const store::CertificateRecord& old) {
    (void)tx;
    (void)old;
    return Status();
  }
  // After `cert` was issued and audited, in the same transaction; `renewal`
  // when it renews an earlier certificate (the request's record and timeline).
  virtual Status AfterIssue(store::Transaction& tx, const auth::Actor& actor,
                            const store::CertificateRecord& cert, bool renewal, TimePoint now) = 0;
  // After `cert` was revoked and the revocation audited, in the same
  // transaction (SOP step 6: the last revocation completes the data change).
  virtual Status AfterRevoke(store::Transaction& tx, const auth::Actor& actor,
                             const store::CertificateRecord& cert, ca::RevocationReason reason,
                             TimePoint now) = 0;
};

}  // namespace ams::workflow
