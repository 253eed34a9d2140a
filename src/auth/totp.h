#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/random.h"
#include "base/result.h"
#include "base/secret.h"

namespace ams::auth {

// A TOTP shared secret (RFC 6238 key K). Held in a Secret so that it never
// reaches a log; store it encrypted or at least only in the account row.
using TotpSecret = Secret<std::vector<uint8_t>>;

// TOTP parameters. Authenticator apps assume the defaults; other values are
// for the RFC test vectors. HMAC-SHA-1 only: it is HOTP's function (RFC 4226)
// and the one every authenticator app supports.
struct TotpOptions {
  int digits = 6;           // Default: 6. Also 7 or 8.
  int period_seconds = 30;  // Default: 30 (RFC 6238 §5.2 recommends 30 s).
  int window_steps = 1;     // Default: 1, i.e. accept steps now-1 .. now+1 for clock drift.
};

// 20 random bytes: the 160-bit key length RFC 4226 §4 R6 recommends for SHA-1.
TotpSecret GenerateTotpSecret(Random& random);

// RFC 4648 §6 base32, upper case, without '=' padding, as authenticator apps
// expect in the otpauth URI and for typing in by hand.
std::string TotpSecretToBase32(const TotpSecret& secret);

// Hex, as secrets were stored before they were sealed, and back. FromHex
// returns kInvalidArgument "invalid_totp_secret" for malformed hex or a
// secret shorter than 16 bytes.
std::string TotpSecretToHex(const TotpSecret& secret);
Result<TotpSecret> TotpSecretFromHex(std::string_view hex);

// The Key URI an authenticator app reads from a QR code:
// "otpauth://totp/AMS:siti@pekalongankota.go.id?secret=...&issuer=AMS&
//  algorithm=SHA1&digits=6&period=30". Issuer and account are
// percent-encoded (RFC 3986) apart from unreserved characters and '@'.
std::string TotpUri(std::string_view issuer, std::string_view account, const TotpSecret& secret,
                    const TotpOptions& options = {});

// The RFC 6238 time step of `now`: floor(unix seconds / period).
int64_t TotpStep(TimePoint now, const TotpOptions& options = {});

// The code for a given step, zero-padded to options.digits. For tests and
// for showing a code during enrolment checks; not needed to verify.
Result<std::string> TotpCodeAt(const TotpSecret& secret, int64_t step,
                               const TotpOptions& options = {});

// Checks `code` (spaces ignored) against the steps TotpStep(now) - window ..
// + window and returns the matching step. Store it as the account's
// last_used_step: a step at or below `last_used_step` is never accepted again,
// so an observed code cannot be replayed (RFC 6238 §5.2).
// Returns kUnauthenticated "totp_replayed" when the code matches only steps
// <= last_used_step, kUnauthenticated "totp_invalid" when it matches none or
// is not `digits` digits, kInternal when liboath fails. Thread-safe.
Result<int64_t> VerifyTotp(const TotpSecret& secret, std::string_view code, TimePoint now,
                           int64_t last_used_step, const TotpOptions& options = {});

}  // namespace ams::auth
