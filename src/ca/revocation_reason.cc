#include "ca/revocation_reason.h"

#include <string>

namespace ams::ca {
namespace {

struct Entry {
  RevocationReason reason;
  const char* name;
};

constexpr Entry kReasons[] = {
    {RevocationReason::kUnspecified, "unspecified"},
    {RevocationReason::kKeyCompromise, "keyCompromise"},
    {RevocationReason::kAffiliationChanged, "affiliationChanged"},
    {RevocationReason::kSuperseded, "superseded"},
    {RevocationReason::kCessationOfOperation, "cessationOfOperation"},
};

}  // namespace

Result<RevocationReason> ParseRevocationReason(std::string_view name) {
  for (const Entry& e : kReasons) {
    if (name == e.name) return e.reason;
  }
  return Status::Invalid("revocation_reason_unknown",
                         "unknown revocation reason: " + std::string(name));
}

const char* ToString(RevocationReason reason) {
  for (const Entry& e : kReasons) {
    if (e.reason == reason) return e.name;
  }
  return "unspecified";
}

std::optional<RevocationReason> FromRfcCode(int code) {
  for (const Entry& e : kReasons) {
    if (static_cast<int>(e.reason) == code) return e.reason;
  }
  return std::nullopt;
}

}  // namespace ams::ca
