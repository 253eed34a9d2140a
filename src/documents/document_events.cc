#include "documents/document_events.h"

#include <nlohmann/json.hpp>

namespace ams::documents::events {

audit::AuditEvent Uploaded(const auth::Actor& actor, const DocumentRecord& d) {
  audit::AuditEvent e;
  if (!actor.is_system) e.actor_id = actor.account_id;
  e.actor_label = actor.email;
  e.action = "document.uploaded";
  e.object_type = "document";
  e.object_id = std::to_string(d.id);
  e.details = nlohmann::json{{"owner_account_id", d.owner_account_id},
                             {"sha256", d.sha256},
                             {"media_type", MimeType(d.type)},
                             {"size", d.size},
                             {"purpose", ToString(d.purpose)},
                             {"filename", d.filename}}
                  .dump();
  e.remote_addr = actor.remote_addr;
  e.at = d.uploaded_at;
  return e;
}

}  // namespace ams::documents::events
