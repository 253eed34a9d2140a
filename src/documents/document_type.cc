#include "documents/document_type.h"

namespace ams::documents {

const char* MimeType(DocumentType type) {
  switch (type) {
    case DocumentType::kPdf: return "application/pdf";
    case DocumentType::kJpeg: return "image/jpeg";
    case DocumentType::kPng: return "image/png";
  }
  return "application/octet-stream";
}

const char* Extension(DocumentType type) {
  switch (type) {
    case DocumentType::kPdf: return "pdf";
    case DocumentType::kJpeg: return "jpg";
    case DocumentType::kPng: return "png";
  }
  return "bin";
}

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// ISO 32000-1 §7.5.5: the last line holds %%EOF; writers may append a few
// bytes of whitespace or garbage after it, so look in the last 1 KiB.
bool EndsLikePdf(std::string_view s) {
  std::string_view tail = s.size() > 1024 ? s.substr(s.size() - 1024) : s;
  return tail.find("%%EOF") != std::string_view::npos;
}

}  // namespace

Result<DocumentType> DetectDocumentType(std::string_view content, const DocumentLimits& limits) {
  if (content.empty()) return Status::Invalid("document_empty");
  if (content.size() > limits.max_bytes) {
    return Status::Invalid("document_too_large",
                           std::to_string(content.size()) + " bytes; at most " +
                               std::to_string(limits.max_bytes));
  }
  if (StartsWith(content, "%PDF-") && EndsLikePdf(content)) return DocumentType::kPdf;
  // JPEG: SOI marker then another marker (JFIF, Exif, or a table).
  if (content.size() >= 4 && StartsWith(content, "\xFF\xD8\xFF")) return DocumentType::kJpeg;
  // PNG: the 8-byte signature of RFC 2083 §3.1, then an IHDR chunk.
  if (StartsWith(content, std::string_view("\x89PNG\r\n\x1A\n", 8)) && content.size() >= 16 &&
      content.substr(12, 4) == "IHDR") {
    return DocumentType::kPng;
  }
  return Status::Invalid("document_type_not_allowed", "only PDF, JPEG and PNG are accepted");
}

}  // namespace ams::documents
