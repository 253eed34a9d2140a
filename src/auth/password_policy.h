#pragma once

#include <string_view>

#include "base/secret.h"
#include "base/status.h"

namespace ams::auth {

// The rules a new password must meet, after NIST SP 800-63B §5.1.1.2: length
// matters, composition rules do not, and known-bad or context-specific
// passwords are refused. Stateless; thread-safe.
//
// Checks, in this order, and returns kInvalidArgument with:
//  - "password_invalid": not well-formed UTF-8, or contains a control
//    character (a newline in a password is a paste accident);
//  - "password_too_short": fewer than 10 code points;
//  - "password_too_long": more than 128 code points;
//  - "password_contains_email": contains the e-mail's local part (or a
//    piece of it of 4+ characters, split at . _ - +), case-insensitively;
//  - "password_contains_name": contains a word of `full_name` of 4+ letters,
//    case-insensitively;
//  - "password_too_common": fewer than 3 distinct characters, or on the
//    deny-list of common passwords (also when only digits and symbols were
//    added to the end of a listed word, as in "Password2024!").
// OK otherwise. The detail never contains the password.
// `email` and `full_name` may be empty (then those checks are skipped).
Status CheckPasswordPolicy(const SecretString& password, std::string_view email,
                           std::string_view full_name);

}  // namespace ams::auth
