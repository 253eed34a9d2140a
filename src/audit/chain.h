#pragma once

#include <functional>
#include <optional>
#include <string>

#include "audit/audit_record.h"
#include "base/result.h"

namespace ams::audit {

// The hash chain of the audit log. Each record's hash covers its sequence
// number, its whole content and the previous record's hash, so editing,
// deleting or reordering any record breaks every hash after it.
inline constexpr char kGenesisHash[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

// SHA-256 (hex) over a canonical encoding of (prev_hash, seq, event).
std::string ChainHash(const std::string& prev_hash, int64_t seq, const AuditEvent& event);

// The outcome of walking the chain.
struct ChainVerdict {
  bool ok = true;
  int64_t records = 0;        // records read
  int64_t first_bad_seq = 0;  // the first record that was edited, deleted or moved
  std::string problem;        // English, for the operator running `ams audit verify`
};

// Checks records one at a time as they stream past in seq order, so a long
// log needs no memory. Not thread-safe.
class ChainVerifier {
 public:
  // False once a record is found bad: stop feeding.
  bool Add(const AuditRecord& record);
  // Compares the end of the chain with the head the store keeps (the last seq
  // and hash written), so a truncated tail is caught too.
  ChainVerdict Finish(int64_t head_seq, const std::string& head_hash);

 private:
  bool Fail(int64_t seq, std::string problem);
  ChainVerdict verdict_;
  std::string prev_ = kGenesisHash;
  int64_t expected_seq_ = 1;
};

// Walks records in seq order, as produced by `next` (which returns nullopt at
// the end), with a ChainVerifier.
ChainVerdict VerifyChain(const std::function<std::optional<AuditRecord>()>& next,
                         int64_t head_seq, const std::string& head_hash);

}  // namespace ams::audit
