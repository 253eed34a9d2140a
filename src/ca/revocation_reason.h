#pragma once

// The revocation reasons AMS offers, a subset of RFC 5280 §5.3.1 CRLReason.
// The enum value is the RFC code, so it goes straight into a CRL entry's
// reasonCode or an OCSP RevokedInfo. Plain values: thread-safe.

#include <optional>
#include <string_view>

#include "base/result.h"

namespace ams::ca {

enum class RevocationReason {
  kUnspecified = 0,
  kKeyCompromise = 1,
  kAffiliationChanged = 3,
  kSuperseded = 4,
  kCessationOfOperation = 5,
};

// "unspecified", "keyCompromise", "affiliationChanged", "superseded",
// "cessationOfOperation" (the RFC 5280 names). Anything else, including
// reasons we do not offer such as "cACompromise", returns
// kInvalidArgument "revocation_reason_unknown".
Result<RevocationReason> ParseRevocationReason(std::string_view name);

// The RFC 5280 name, e.g. "keyCompromise".
const char* ToString(RevocationReason reason);

// The RFC 5280 CRLReason code (0, 1, 3, 4, 5).
inline int RfcCode(RevocationReason reason) { return static_cast<int>(reason); }

// The reason for an RFC 5280 code; nullopt for codes we do not offer.
std::optional<RevocationReason> FromRfcCode(int code);

}  // namespace ams::ca
