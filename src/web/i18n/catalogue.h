#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

// The translation catalogue of the web pages: every visible string, keyed by
// id, in Bahasa Indonesia (the default) and English. The texts live in
// src/web/i18n/id.json and en.json, plus one pair per page area
// (<area>.id.json, <area>.en.json), embedded into the binary. Areas keep
// unrelated pages out of each other's files; a key lives in exactly one.
namespace ams::web::i18n {

enum class Lang { kId, kEn };
inline constexpr Lang kDefaultLang = Lang::kId;

// "id" or "en": the value of the `lang` cookie and of <html lang>.
const char* Code(Lang lang);
// The inverse of Code(); nullopt for anything else.
std::optional<Lang> ParseLang(std::string_view code);

// What a person reads about a refusal: what went wrong, and what to do next.
struct ReasonText {
  std::string message;
  std::string hint;
};

// Immutable once built; thread-safe.
//
// Keys are [a-z0-9_] so that templates can reach them as {{t.key}}. A
// Status reason `r` has its message at "err_r" and what to do at "err_r_hint".
class Catalogue {
 public:
  // Parses one flat JSON object of strings per language. kInvalidArgument
  // "catalogue_invalid" when either is malformed, holds a non-string or a
  // badly named key, or when the two do not have the same keys (the detail
  // names the first such key).
  static Result<Catalogue> FromJson(std::string_view id_json, std::string_view en_json);
  // The same over several files per language, merged; a key defined in two
  // files of one language is kInvalidArgument "catalogue_invalid" too.
  static Result<Catalogue> FromJsonParts(const std::vector<std::string_view>& id_parts,
                                         const std::vector<std::string_view>& en_parts);

  // The text of `key`, or the key itself when the catalogue lacks it (so a
  // gap shows up on the page instead of an empty space).
  std::string Text(Lang lang, std::string_view key) const;
  // Text(), with "{name}" placeholders replaced from `args`.
  std::string Format(Lang lang, std::string_view key,
                     const std::map<std::string, std::string>& args) const;
  // The message for a Status reason; "err_unknown" when the catalogue has
  // none for it. Placeholders in both texts are replaced from `args`.
  ReasonText Reason(Lang lang, const std::string& reason,
                    const std::map<std::string, std::string>& args = {}) const;
  bool HasReason(const std::string& reason) const;

  // Every text of one language, as a JSON object.
  const nlohmann::json& All(Lang lang) const { return lang == Lang::kEn ? en_ : id_; }

 private:
  nlohmann::json id_;
  nlohmann::json en_;
};

// Replaces "{name}" in `text` by args["name"]; unknown names stay as written.
std::string Substitute(std::string_view text, const std::map<std::string, std::string>& args);

}  // namespace ams::web::i18n
