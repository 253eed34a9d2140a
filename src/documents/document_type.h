#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace ams::documents {

// The kinds of supporting document AMS accepts (DESIGN.md "Documents").
enum class DocumentType { kPdf, kJpeg, kPng };

const char* MimeType(DocumentType type);  // "application/pdf", "image/jpeg", "image/png"
const char* Extension(DocumentType type);  // "pdf", "jpg", "png"

// Limits on one upload. Default: 10 MB and 10 files per request.
struct DocumentLimits {
  size_t max_bytes = 10 * 1000 * 1000;
  size_t max_files = 10;
};

// Recognises a document by its content, never by its name or declared type:
// the magic bytes at the start, and for PDF also the end-of-file marker near
// the end (a truncated or renamed file is refused).
// kInvalidArgument "document_empty", "document_too_large" or
// "document_type_not_allowed".
Result<DocumentType> DetectDocumentType(std::string_view content, const DocumentLimits& limits = {});

}  // namespace ams::documents
