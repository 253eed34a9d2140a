#include "documents/document_record.h"

#include "identity/utf8.h"

namespace ams::documents {

const char* ToString(DocumentPurpose purpose) {
  switch (purpose) {
    case DocumentPurpose::kKtp: return "ktp";
    case DocumentPurpose::kSk: return "sk";
    case DocumentPurpose::kForm: return "form";
    case DocumentPurpose::kSupporting: return "supporting";
  }
  return "supporting";
}

Result<DocumentPurpose> ParsePurpose(std::string_view text) {
  for (DocumentPurpose p : {DocumentPurpose::kKtp, DocumentPurpose::kSk, DocumentPurpose::kForm,
                            DocumentPurpose::kSupporting}) {
    if (text == ToString(p)) return p;
  }
  return Status::Invalid("invalid_purpose", "ktp, sk, form or supporting");
}

namespace {

constexpr size_t kMaxFilenameBytes = 120;

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

bool IsReserved(char32_t c) {
  // Path separators and the characters Windows refuses in names; ';' and '"'
  // because the name ends up in a header parameter.
  return c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
         c == '>' || c == '|' || c == ';';
}

}  // namespace

std::string SanitiseFilename(std::string_view name) {
  // The client may send "C:\scans\ktp.pdf" or "../../x": keep the last part.
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  if (std::optional<std::u32string> chars = identity::DecodeUtf8(name)) {
    for (char32_t c : *chars) {
      if (identity::IsControl(c) || identity::IsInvisibleOrSpoofing(c) || IsReserved(c)) continue;
      std::string one;
      AppendUtf8(one, c);
      if (out.size() + one.size() > kMaxFilenameBytes) break;
      out += one;
    }
  }
  std::string trimmed(identity::TrimAsciiWhitespace(out));
  // A name of dots only ("..") means nothing and looks like a path.
  if (trimmed.find_first_not_of('.') == std::string::npos) return "dokumen";
  return trimmed;
}

std::string AsciiFilename(std::string_view name, DocumentType type) {
  size_t dot = name.rfind('.');
  std::string_view stem = dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot);
  std::string out;
  for (char c : stem) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    const char next = safe ? c : '_';
    if (next == '_' && !out.empty() && out.back() == '_') continue;  // one '_' per run
    if (next == '.' && out.empty()) continue;                         // no hidden files
    out += next;
    if (out.size() >= 80) break;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.find_first_not_of("._") == std::string::npos) out = "dokumen";
  return out + "." + Extension(type);
}

}  // namespace ams::documents
