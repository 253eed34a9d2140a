#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

// The printable request forms of the SOP (print, sign by hand, scan, upload):
// what they say, independent of how they are drawn (form_renderer.h).
namespace ams::documents::forms {

// The three forms the SOPs name: data change (Formulir Permohonan Perubahan
// Data), registration (Pendaftaran) and revocation (Pencabutan).
enum class FormKind { kDataChange, kRegistration, kRevocation };

// "data_change", "registration", "revocation".
const char* ToString(FormKind kind);
// The inverse of ToString. kNotFound "form_not_found" for anything else.
Result<FormKind> ParseFormKind(std::string_view text);

// The applicant as AMS knows them; empty strings are printed as empty boxes.
struct FormApplicant {
  std::string full_name;
  std::string nik;
  std::string nip;
  std::string email;
  std::string phone;
  std::string agency;  // the agency's name
  std::string unit;
  std::string position;
};

// One row of a form: a label in Bahasa Indonesia with its English
// translation, the value AMS printed (may be empty) and whether the row has
// a second, empty box for a new value (data change).
struct FormRow {
  std::string label_id;
  std::string label_en;
  std::string value;
  bool new_value_box = false;
};

// A tick box with its label (revocation reasons).
struct FormChoice {
  std::string label_id;
  std::string label_en;
};

// A form, laid out as a sequence of parts: title, rows, choices, a
// declaration and the signature block. A plain value.
struct FormDocument {
  FormKind kind = FormKind::kDataChange;
  std::string title_id;
  std::string title_en;
  std::string instructions_id;
  std::string instructions_en;
  std::string rows_heading_id;  // column heading(s) of the rows
  std::string rows_heading_en;
  std::vector<FormRow> rows;
  std::string choices_heading_id;
  std::string choices_heading_en;
  std::vector<FormChoice> choices;
  std::vector<FormRow> extra_rows;  // blank rows after the choices (e.g. serial)
  std::string declaration_id;
  std::string declaration_en;
  std::string signer_name;  // under the signature line
  std::string signer_nip;
  std::string printed_at;  // "2026-11-27 10:36 WIB"
};

// The form of `kind` pre-filled with `applicant`, printed at `now` (shown
// in WIB). Pure; thread-safe.
FormDocument BuildForm(FormKind kind, const FormApplicant& applicant, TimePoint now);

}  // namespace ams::documents::forms
