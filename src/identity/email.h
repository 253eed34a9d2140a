#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace ams::identity {

// Email is a pragmatically valid e-mail address: the subset of RFC 5321 that
// real mailboxes use, not every address the RFC allows (no quoted local parts,
// no comments, no IP literals, no non-ASCII). Parse is the only way to make
// one. An immutable value; thread-compatible.
class Email {
 public:
  // Trims surrounding ASCII whitespace, then requires:
  //  - exactly one '@', the whole address at most 254 bytes (RFC 5321 §4.5.3.1
  //    with RFC 3696 errata);
  //  - a local part of 1–64 characters from A–Z a–z 0–9 . _ % + -, not
  //    starting or ending with '.', without "..";
  //  - a domain of at least two dot-separated labels, each 1–63 characters
  //    from a–z 0–9 -, not starting or ending with '-'; the last label (TLD)
  //    has no digits (so "xn--" punycode is the only way to write an IDN);
  //  - no spaces or control characters anywhere.
  // The domain is lowercased; the local part is kept as given.
  // Returns kInvalidArgument "invalid_email" otherwise.
  static Result<Email> Parse(std::string_view text);

  // "Siti.Rahma@pekalongankota.go.id" — local part as given, domain lowercased.
  const std::string& value() const { return value_; }
  std::string_view local_part() const;
  std::string_view domain() const;
  // The whole address lowercased: the key for uniqueness and look-up, since
  // no mail server our users meet treats the local part case-sensitively.
  std::string Canonical() const;

  // True when the domain is one of `allowed_domains` or a subdomain of one:
  // "pekalongankota.go.id" matches "sub.pekalongankota.go.id" but not
  // "evilpekalongankota.go.id". Entries are compared case-insensitively and
  // may carry a leading '@' or '.'. A non-official address is flagged to the
  // operator, not refused (DATA.md).
  bool IsOfficial(const std::vector<std::string>& allowed_domains) const;

  friend bool operator==(const Email&, const Email&) = default;

 private:
  Email(std::string value, size_t at) : value_(std::move(value)), at_(at) {}

  std::string value_;
  size_t at_ = 0;  // index of '@' in value_
};

}  // namespace ams::identity
