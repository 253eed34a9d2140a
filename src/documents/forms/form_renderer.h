#pragma once

#include <string>

#include "base/result.h"
#include "documents/forms/request_form.h"

namespace ams::documents::forms {

// Draws a FormDocument as a printable file. The implementation (PDF with
// PoDoFo, documents/forms/pdf) is chosen by the composition root, so the
// core links no PDF library. Implementations are thread-safe.
class FormRenderer {
 public:
  virtual ~FormRenderer() = default;
  // The file's bytes. kInternal when the library fails.
  virtual Result<std::string> Render(const FormDocument& form) = 0;
  virtual const char* MediaType() const = 0;  // e.g. "application/pdf"
};

}  // namespace ams::documents::forms
