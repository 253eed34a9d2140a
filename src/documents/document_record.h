#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "documents/document_type.h"

namespace ams::documents {

// What a supporting document is for (SOP "Kelengkapan"): the scanned ID card,
// the appointment decree, the signed request form, anything else.
enum class DocumentPurpose { kKtp, kSk, kForm, kSupporting };

// "ktp", "sk", "form", "supporting": the stored and sent id.
const char* ToString(DocumentPurpose purpose);
// The inverse of ToString, exact. kInvalidArgument "invalid_purpose".
Result<DocumentPurpose> ParsePurpose(std::string_view text);

// One uploaded document as stored: who it belongs to and what its bytes are.
// The bytes themselves live in a BlobStore under `sha256`. A plain value.
struct DocumentRecord {
  int64_t id = 0;
  int64_t owner_account_id = 0;  // the applicant the document belongs to
  std::string sha256;            // hex; the BlobStore key
  DocumentType type = DocumentType::kPdf;  // sniffed from the content
  int64_t size = 0;                        // bytes
  std::string filename;  // the client's name, sanitised (SanitiseFilename); display only
  DocumentPurpose purpose = DocumentPurpose::kSupporting;
  TimePoint uploaded_at;
  std::optional<int64_t> uploaded_by;  // the uploading account; empty for the system (CLI)
};

// The client's file name made safe to store and show: the last path
// component, valid UTF-8 only, no control, invisible or reserved characters
// (/ \ : * ? " < > | ;), trimmed, at most 120 bytes (cut on a character
// boundary). "dokumen" when nothing is left. Never used as a path.
std::string SanitiseFilename(std::string_view name);

// An ASCII-only rendering of `name` for Content-Disposition's filename=
// fallback (RFC 6266 §4.3): letters, digits, '.', '-' and '_' kept, others
// '_', the extension replaced by the sniffed type's.
std::string AsciiFilename(std::string_view name, DocumentType type);

}  // namespace ams::documents
