#include "audit/chain.h"

#include <gtest/gtest.h>

namespace ams::audit {
namespace {

std::vector<AuditRecord> MakeChain(int n) {
  std::vector<AuditRecord> out;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= n; ++i) {
    AuditRecord r;
    r.seq = i;
    r.event.actor_label = "system";
    r.event.action = "test.event";
    r.event.object_type = "test";
    r.event.object_id = std::to_string(i);
    r.event.at = FromUnixSeconds(1796096195 + i);
    r.prev_hash = prev;
    r.hash = ChainHash(prev, i, r.event);
    prev = r.hash;
    out.push_back(r);
  }
  return out;
}

ChainVerdict Verify(const std::vector<AuditRecord>& records, int64_t head_seq,
                    const std::string& head_hash) {
  size_t i = 0;
  return VerifyChain(
      [&]() -> std::optional<AuditRecord> {
        if (i == records.size()) return std::nullopt;
        return records[i++];
      },
      head_seq, head_hash);
}

TEST(ChainTest, IntactChainVerifies) {
  auto chain = MakeChain(5);
  ChainVerdict v = Verify(chain, 5, chain.back().hash);
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.records, 5);
  EXPECT_TRUE(Verify({}, 0, kGenesisHash).ok) << "an empty log is intact";
}

TEST(ChainTest, NamesTheFirstTamperedRecord) {
  const auto original = MakeChain(6);
  const std::string head = original.back().hash;
  struct Case {
    const char* why;
    std::function<void(std::vector<AuditRecord>&)> tamper;
    int64_t expected_bad;
  };
  const Case cases[] = {
      {"edited details", [](auto& c) { c[2].event.details = R"({"x":1})"; }, 3},
      {"edited actor", [](auto& c) { c[0].event.actor_label = "mallory"; }, 1},
      {"edited time", [](auto& c) { c[4].event.at += std::chrono::seconds(1); }, 5},
      {"deleted in the middle", [](auto& c) { c.erase(c.begin() + 3); }, 4},
      {"swapped two", [](auto& c) { std::swap(c[1], c[2]); }, 2},
      {"deleted the last", [](auto& c) { c.pop_back(); }, 6},
      {"rehashed after an edit",
       [](auto& c) {
         c[3].event.action = "test.other";
         c[3].hash = ChainHash(c[3].prev_hash, 4, c[3].event);
       },
       5},
  };
  for (const Case& c : cases) {
    auto chain = original;
    c.tamper(chain);
    ChainVerdict v = Verify(chain, 6, head);
    EXPECT_FALSE(v.ok) << c.why;
    EXPECT_EQ(v.first_bad_seq, c.expected_bad) << c.why << ": " << v.problem;
  }
}

}  // namespace
}  // namespace ams::audit
