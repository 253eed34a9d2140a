#include "web/i18n/catalogue.h"

namespace ams::web::i18n {

namespace {

bool IsKey(const std::string& key) {
  if (key.empty() || key.size() > 100) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Result<nlohmann::json> ParseOne(std::string_view text, const char* lang) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Invalid("catalogue_invalid", std::string(lang) + ": not a JSON object");
  }
  for (const auto& [key, value] : j.items()) {
    if (!IsKey(key)) return Status::Invalid("catalogue_invalid", std::string(lang) + ": key " + key);
    if (!value.is_string()) {
      return Status::Invalid("catalogue_invalid", std::string(lang) + ": " + key + " is not a string");
    }
  }
  return j;
}

Result<nlohmann::json> ParseParts(const std::vector<std::string_view>& parts, const char* lang) {
  nlohmann::json all = nlohmann::json::object();
  for (std::string_view part : parts) {
    AMS_ASSIGN_OR_RETURN(nlohmann::json one, ParseOne(part, lang));
    for (auto& [key, value] : one.items()) {
      if (all.contains(key)) {
        return Status::Invalid("catalogue_invalid", std::string(lang) + ": " + key + " defined twice");
      }
      all[key] = std::move(value);
    }
  }
  return all;
}

}  // namespace

const char* Code(Lang lang) { return lang == Lang::kEn ? "en" : "id"; }

std::optional<Lang> ParseLang(std::string_view code) {
  if (code == "id") return Lang::kId;
  if (code == "en") return Lang::kEn;
  return std::nullopt;
}

Result<Catalogue> Catalogue::FromJson(std::string_view id_json, std::string_view en_json) {
  return FromJsonParts({id_json}, {en_json});
}

Result<Catalogue> Catalogue::FromJsonParts(const std::vector<std::string_view>& id_parts,
                                           const std::vector<std::string_view>& en_parts) {
  Catalogue c;
  AMS_ASSIGN_OR_RETURN(c.id_, ParseParts(id_parts, "id"));
  AMS_ASSIGN_OR_RETURN(c.en_, ParseParts(en_parts, "en"));
  // No page may mix languages: a key missing from one language would.
  for (const auto& [key, value] : c.id_.items()) {
    if (!c.en_.contains(key)) return Status::Invalid("catalogue_invalid", "en lacks " + key);
  }
  for (const auto& [key, value] : c.en_.items()) {
    if (!c.id_.contains(key)) return Status::Invalid("catalogue_invalid", "id lacks " + key);
  }
  if (!c.id_.contains("err_unknown") || !c.id_.contains("err_unknown_hint")) {
    return Status::Invalid("catalogue_invalid", "err_unknown is required");
  }
  return c;
}

std::string Catalogue::Text(Lang lang, std::string_view key) const {
  const nlohmann::json& all = All(lang);
  auto it = all.find(key);
  if (it == all.end()) return std::string(key);
  return it->get<std::string>();
}

std::string Catalogue::Format(Lang lang, std::string_view key,
                              const std::map<std::string, std::string>& args) const {
  return Substitute(Text(lang, key), args);
}

bool Catalogue::HasReason(const std::string& reason) const {
  return IsKey(reason) && id_.contains("err_" + reason);
}

ReasonText Catalogue::Reason(Lang lang, const std::string& reason,
                             const std::map<std::string, std::string>& args) const {
  const std::string key = HasReason(reason) ? "err_" + reason : "err_unknown";
  ReasonText out;
  out.message = Format(lang, key, args);
  if (All(lang).contains(key + "_hint")) out.hint = Format(lang, key + "_hint", args);
  return out;
}

std::string Substitute(std::string_view text, const std::map<std::string, std::string>& args) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    auto it = args.find(std::string(text.substr(open + 1, close - open - 1)));
    if (it != args.end()) {
      out += it->second;
    } else {
      out.append(text.substr(open, close - open + 1));
    }
    i = close + 1;
  }
  out.append(text.substr(i));
  return out;
}

}  // namespace ams::web::i18n
