#include "identity/bounded_text.h"

#include "identity/utf8.h"

namespace ams::identity {

Result<std::string> ParseBoundedText(std::string_view field, std::string_view text,
                                     size_t max_code_points) {
  auto invalid = [field](std::string_view why) {
    return Status::Invalid("invalid_text", std::string(field) + ": " + std::string(why));
  };
  text = TrimAsciiWhitespace(text);
  if (text.empty()) return invalid("empty");
  std::optional<std::u32string> code_points = DecodeUtf8(text);
  if (!code_points) return invalid("not valid UTF-8");
  if (code_points->size() > max_code_points) {
    return invalid("longer than " + std::to_string(max_code_points) + " characters");
  }
  for (char32_t c : *code_points) {
    if (IsControl(c)) return invalid("control character");
    if (IsInvisibleOrSpoofing(c)) return invalid("invisible formatting character");
  }
  return std::string(text);
}

}  // namespace ams::identity
