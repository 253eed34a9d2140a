#include "identity/person_name.h"

#include "identity/utf8.h"

namespace ams::identity {
namespace {

bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Without the Unicode character database we cannot ask "is this a letter?".
// DATA.md asks us to accept letters of any language, so everything from
// U+00C0 passes except the ranges below, which contain digits, symbols,
// punctuation, spaces, emoji, private-use or invisible characters and no
// letters anyone writes in a name.
struct Range {
  char32_t first, last;
};
constexpr Range kNotInNames[] = {
    {0x00D7, 0x00D7},     // ×
    {0x00F7, 0x00F7},     // ÷
    {0x0660, 0x0669},     // Arabic-Indic digits
    {0x06F0, 0x06F9},     // Extended Arabic-Indic digits
    {0x0966, 0x096F},     // Devanagari digits
    {0x2000, 0x2018},     // General Punctuation: spaces, zero-width, dashes, quotes ...
    {0x201A, 0x2BFF},     // ... (U+2019 ’ is allowed), symbols, arrows, math, box drawing
    {0x3000, 0x303F},     // CJK symbols and punctuation, ideographic space
    {0xD800, 0xDFFF},     // surrogates (DecodeUtf8 rejects them already)
    {0xE000, 0xF8FF},     // private use
    {0xFE00, 0xFE0F},     // variation selectors
    {0xFE10, 0xFE6F},     // vertical, compatibility and small forms
    {0xFF00, 0xFF20},     // fullwidth ASCII punctuation and digits
    {0xFF3B, 0xFF40},     // fullwidth [ \ ] ^ _ `
    {0xFF5B, 0xFF65},     // fullwidth { | } ~ and halfwidth punctuation
    {0xFFF0, 0xFFFF},     // specials
    {0x1D400, 0x1D7FF},   // mathematical alphanumerics: look-alike letters
    {0x1F000, 0x1FAFF},   // emoji, playing cards, pictographs
    {0xE0000, 0xE007F},   // tags
    {0xF0000, 0x10FFFF},  // supplementary private use
};

bool IsNameCodePoint(char32_t c) {
  if (c < 0x80) {
    return IsAsciiLetter(c) || c == ' ' || c == '.' || c == ',' || c == '\'' || c == '-';
  }
  if (c == 0x2019) return true;
  if (c < 0x00C0) return false;  // C1 controls, NBSP, Latin-1 symbols
  if (IsInvisibleOrSpoofing(c)) return false;
  for (const Range& r : kNotInNames) {
    if (c >= r.first && c <= r.last) return false;
  }
  return true;
}

bool IsLetterLike(char32_t c) { return IsAsciiLetter(c) || (c >= 0x00C0 && c != 0x2019); }

}  // namespace

Result<PersonName> PersonName::Parse(std::string_view text) {
  auto invalid = [](const char* why) { return Status::Invalid("invalid_name", why); };
  text = TrimAsciiWhitespace(text);
  if (text.empty()) return invalid("empty");
  std::optional<std::u32string> code_points = DecodeUtf8(text);
  if (!code_points) return invalid("not valid UTF-8");
  if (code_points->size() > kMaxCodePoints) return invalid("longer than 128 characters");
  bool has_letter = false;
  for (char32_t c : *code_points) {
    if (!IsNameCodePoint(c)) return invalid("character not allowed in a name");
    has_letter = has_letter || IsLetterLike(c);
  }
  if (!has_letter) return invalid("no letter");
  return PersonName(std::string(text));
}

}  // namespace ams::identity
