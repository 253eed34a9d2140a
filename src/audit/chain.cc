#include "audit/chain.h"

#include <nlohmann/json.hpp>

#include "base/encoding.h"

namespace ams::audit {

std::string ChainHash(const std::string& prev_hash, int64_t seq, const AuditEvent& e) {
  // A JSON array is an unambiguous encoding: no field can spill into the next.
  nlohmann::json canonical = nlohmann::json::array({
      prev_hash,
      seq,
      ToUnixSeconds(e.at),
      e.actor_id ? nlohmann::json(*e.actor_id) : nlohmann::json(nullptr),
      e.actor_label,
      e.action,
      e.object_type,
      e.object_id,
      e.details,
      e.remote_addr,
  });
  return Sha256Hex(canonical.dump());
}

ChainVerdict VerifyChain(const std::function<std::optional<AuditRecord>()>& next,
                         int64_t head_seq, const std::string& head_hash) {
  ChainVerdict v;
  std::string prev = kGenesisHash;
  int64_t expected_seq = 1;
  auto fail = [&v](int64_t seq, std::string problem) {
    v.ok = false;
    v.first_bad_seq = seq;
    v.problem = std::move(problem);
    return v;
  };
  while (std::optional<AuditRecord> r = next()) {
    ++v.records;
    if (r->seq != expected_seq) {
      return fail(expected_seq, "record " + std::to_string(expected_seq) +
                                    " is missing or out of order (found " +
                                    std::to_string(r->seq) + " in its place)");
    }
    if (r->prev_hash != prev) {
      return fail(r->seq, "record " + std::to_string(r->seq) +
                              " does not follow the record before it (previous hash differs)");
    }
    if (ChainHash(r->prev_hash, r->seq, r->event) != r->hash) {
      return fail(r->seq, "record " + std::to_string(r->seq) +
                              " was altered: its content does not match its hash");
    }
    prev = r->hash;
    ++expected_seq;
  }
  if (expected_seq - 1 != head_seq || (head_seq > 0 && prev != head_hash)) {
    return fail(expected_seq, "the log ends at record " + std::to_string(expected_seq - 1) +
                                  " but " + std::to_string(head_seq) +
                                  " were written: records were deleted from the end");
  }
  return v;
}

}  // namespace ams::audit
