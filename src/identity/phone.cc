#include "identity/phone.h"

#include "identity/utf8.h"

namespace ams::identity {

Result<Phone> Phone::Parse(std::string_view text) {
  auto invalid = [](const char* why) { return Status::Invalid("invalid_phone", why); };
  text = TrimAsciiWhitespace(text);
  if (text.empty()) return invalid("empty");
  if (text.size() > 32) return invalid("too long");

  bool plus = false;
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && i == 0) {
      plus = true;
    } else if ((c == ' ' || c == '-' || c == '.') && !digits.empty() && i + 1 < text.size()) {
      // A separator between digits; "+ 62" and trailing "-" are not numbers.
    } else {
      return invalid("character not allowed in a phone number");
    }
  }

  // The national significant number starts after "62" or the trunk "0".
  std::string nsn;
  if (plus) {
    if (digits.compare(0, 2, "62") != 0) return invalid("not an Indonesian (+62) number");
    nsn = digits.substr(2);
  } else if (digits.compare(0, 4, "0062") == 0) {
    nsn = digits.substr(4);  // international dialling prefix 00
  } else if (digits.compare(0, 2, "62") == 0) {
    nsn = digits.substr(2);
  } else if (digits.compare(0, 1, "0") == 0) {
    nsn = digits.substr(1);
  } else {
    return invalid("must start with 08 or +628");
  }
  // Indonesian mobile numbers start with 8 after the trunk prefix.
  if (nsn.empty() || nsn[0] != '8') return invalid("not an Indonesian mobile number (08...)");
  if (nsn.size() < 8) return invalid("too few digits");
  if (nsn.size() > 13) return invalid("too many digits");
  return Phone("+62" + nsn);
}

}  // namespace ams::identity
