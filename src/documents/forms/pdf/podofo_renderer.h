#pragma once

#include "documents/forms/form_renderer.h"

namespace ams::documents::forms {

// Draws forms as A4 PDF with PoDoFo 0.9 and the standard Helvetica fonts
// (WinAnsi: every Indonesian name prints; nothing is embedded). The only
// code that includes PoDoFo; linked into ams_pdf, not the core.
// Thread-safe: renders one form at a time (PoDoFo's font cache is global).
class PodofoFormRenderer final : public FormRenderer {
 public:
  Result<std::string> Render(const FormDocument& form) override;
  const char* MediaType() const override { return "application/pdf"; }
};

}  // namespace ams::documents::forms
