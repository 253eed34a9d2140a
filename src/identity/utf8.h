#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ams::identity {

// UTF-8 helpers for the validators of free text (names, agency, unit,
// position, passwords). Stateless functions; thread-safe.

// Decodes well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates
// (U+D800–U+DFFF), nothing above U+10FFFF, no truncated sequences. Returns
// nullopt on any malformation.
std::optional<std::u32string> DecodeUtf8(std::string_view text);

// The number of code points, or nullopt when `text` is not well-formed UTF-8.
std::optional<size_t> CountCodePoints(std::string_view text);

// `text` without leading and trailing ASCII whitespace (space, \t, \n, \r,
// \v, \f). Inner whitespace is left alone.
std::string_view TrimAsciiWhitespace(std::string_view text);

// True for C0 controls, DEL and C1 controls (U+0080–U+009F).
bool IsControl(char32_t c);

// True for the invisible formatting characters that can make a string look
// different from what it is: bidirectional overrides and isolates
// (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C), zero-width
// characters (U+200B–U+200D, U+2060, U+FEFF), and Unicode noncharacters.
bool IsInvisibleOrSpoofing(char32_t c);

}  // namespace ams::identity
