#include "workflow/certificates/certificate_events.h"

#include <nlohmann/json.hpp>

namespace ams::workflow::events {

namespace {

audit::AuditEvent ByActor(const auth::Actor& actor, std::string action, std::string object_type,
                          std::string object_id, const nlohmann::json& details, TimePoint at) {
  audit::AuditEvent e;
  if (!actor.is_system) e.actor_id = actor.account_id;
  e.actor_label = actor.email;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.details = details.dump();
  e.remote_addr = actor.remote_addr;
  e.at = at;
  return e;
}

}  // namespace

audit::AuditEvent CertificateIssued(const auth::Actor& actor, const store::CertificateRecord& cert,
                                    int identity_version, const std::string& how, TimePoint at) {
  return ByActor(actor, "certificate.issued", "certificate", cert.serial_hex,
                 {{"account_id", cert.account_id},
                  {"identity_version", identity_version},
                  {"ca", cert.ca_name},
                  {"not_after", FormatUtc(cert.not_after)},
                  {"key", how}},
                 at);
}

audit::AuditEvent CertificateRenewed(const auth::Actor& actor, const std::string& old_serial,
                                     const std::string& new_serial, TimePoint at) {
  return ByActor(actor, "certificate.renewed", "certificate", old_serial,
                 {{"renewed_by", new_serial}}, at);
}

audit::AuditEvent CertificateRevoked(const auth::Actor& actor, const store::CertificateRecord& cert,
                                     ca::RevocationReason reason, TimePoint at) {
  return ByActor(actor, "certificate.revoked", "certificate", cert.serial_hex,
                 {{"account_id", cert.account_id}, {"reason", ca::ToString(reason)}}, at);
}

audit::AuditEvent CrlGenerated(const std::string& ca_name, int64_t number, size_t entries,
                               TimePoint at) {
  return ByActor(auth::Actor::System(), "crl.generated", "crl", ca_name,
                 {{"crl_number", number}, {"entries", entries}}, at);
}

}  // namespace ams::workflow::events
