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

bool ChainVerifier::Fail(int64_t seq, std::string problem) {
  verdict_.ok = false;
  verdict_.first_bad_seq = seq;
  verdict_.problem = std::move(problem);
  return false;
}

bool ChainVerifier::Add(const AuditRecord& r) {
  if (!verdict_.ok) return false;
  ++verdict_.records;
  const std::string n = std::to_string(r.seq);
  if (r.seq != expected_seq_) {
    return Fail(expected_seq_, "record " + std::to_string(expected_seq_) +
                                   " is missing or out of order (found " + n + " in its place)");
  }
  if (r.prev_hash != prev_) {
    return Fail(r.seq, "record " + n + " does not follow the record before it (previous hash differs)");
  }
  if (ChainHash(r.prev_hash, r.seq, r.event) != r.hash) {
    return Fail(r.seq, "record " + n + " was altered: its content does not match its hash");
  }
  prev_ = r.hash;
  ++expected_seq_;
  return true;
}

ChainVerdict ChainVerifier::Finish(int64_t head_seq, const std::string& head_hash) {
  const int64_t last = expected_seq_ - 1;
  if (verdict_.ok && (last != head_seq || (head_seq > 0 && prev_ != head_hash))) {
    Fail(expected_seq_, "the log ends at record " + std::to_string(last) + " but " +
                            std::to_string(head_seq) +
                            " were written: records were deleted from the end");
  }
  return verdict_;
}

ChainVerdict VerifyChain(const std::function<std::optional<AuditRecord>()>& next,
                         int64_t head_seq, const std::string& head_hash) {
  ChainVerifier verifier;
  while (std::optional<AuditRecord> r = next()) {
    if (!verifier.Add(*r)) break;
  }
  return verifier.Finish(head_seq, head_hash);
}

}  // namespace ams::audit
