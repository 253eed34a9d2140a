#pragma once

// The audit events of the certificate workflow: one constructor per event,
// so action names and details are written in one place. Details never hold
// key material or passphrases.

#include <cstdint>
#include <string>

#include "audit/audit_record.h"
#include "auth/actor.h"
#include "ca/revocation_reason.h"
#include "store/store.h"

namespace ams::workflow::events {

// "certificate.issued"; `how` is "csr" or "generated_key".
audit::AuditEvent CertificateIssued(const auth::Actor& actor, const store::CertificateRecord& cert,
                                    int identity_version, const std::string& how, TimePoint at);
// "certificate.renewed", object: the old serial.
audit::AuditEvent CertificateRenewed(const auth::Actor& actor, const std::string& old_serial,
                                     const std::string& new_serial, TimePoint at);
// "certificate.revoked".
audit::AuditEvent CertificateRevoked(const auth::Actor& actor, const store::CertificateRecord& cert,
                                     ca::RevocationReason reason, TimePoint at);
// "crl.generated": a use of the issuing CA key (DESIGN.md, audit log).
audit::AuditEvent CrlGenerated(const std::string& ca_name, int64_t number, size_t entries,
                               TimePoint at);

}  // namespace ams::workflow::events
