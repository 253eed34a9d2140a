#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ams::identity {

// PersonName is a person's full name as they write it, academic titles
// included ("Dr. Siti Rahmawati, S.Kom., M.T."). Parse is the only way to make
// one. An immutable value; thread-compatible.
class PersonName {
 public:
  // Trims surrounding ASCII whitespace and changes nothing else (no case
  // folding, no collapsing of inner spaces). Then requires well-formed UTF-8,
  // 1–128 code points, at least one letter, and only:
  //  - ASCII letters, space, '.', ',', '\'', '-';
  //  - U+2019 (’), the apostrophe phones and word processors type;
  //  - code points from U+00C0 up, except blocks that hold no letters
  //    (see IsNameCodePoint in the .cc): letters and combining marks of any
  //    script pass, digits, symbols, emoji and invisible characters do not.
  // Rejects digits, < > ; " and every other ASCII symbol.
  // Returns kInvalidArgument "invalid_name" otherwise.
  static Result<PersonName> Parse(std::string_view text);

  static constexpr size_t kMaxCodePoints = 128;

  const std::string& value() const { return value_; }

  friend bool operator==(const PersonName&, const PersonName&) = default;

 private:
  explicit PersonName(std::string value) : value_(std::move(value)) {}

  std::string value_;
};

}  // namespace ams::identity
