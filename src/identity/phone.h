#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ams::identity {

// Phone is an Indonesian mobile number, held in E.164 form ("+6281234567890").
// Parse is the only way to make one. An immutable value; thread-compatible.
class Phone {
 public:
  // Trims surrounding ASCII whitespace and accepts the national form
  // "08…" or the international form "+628…" (also "628…" and "0062 8…",
  // which people paste from contact lists). Spaces, '-' and '.' between
  // digits are ignored; anything else is rejected. The national form must
  // have 9–14 digits ("08" + 7–12), so the E.164 form has at most 15
  // (ITU-T E.164 allows at most 15). Returns kInvalidArgument "invalid_phone" otherwise.
  static Result<Phone> Parse(std::string_view text);

  const std::string& e164() const { return e164_; }               // "+6281234567890"
  std::string national() const { return "0" + e164_.substr(3); }  // "081234567890"

  friend bool operator==(const Phone&, const Phone&) = default;

 private:
  explicit Phone(std::string e164) : e164_(std::move(e164)) {}

  std::string e164_;
};

}  // namespace ams::identity
