#include "documents/forms/request_form.h"

namespace ams::documents::forms {

const char* ToString(FormKind kind) {
  switch (kind) {
    case FormKind::kDataChange: return "data_change";
    case FormKind::kRegistration: return "registration";
    case FormKind::kRevocation: return "revocation";
  }
  return "data_change";
}

Result<FormKind> ParseFormKind(std::string_view text) {
  for (FormKind k : {FormKind::kDataChange, FormKind::kRegistration, FormKind::kRevocation}) {
    if (text == ToString(k)) return k;
  }
  return Status::NotFound("form_not_found", "data_change, registration or revocation");
}

namespace {

// The identity fields in the order of DESIGN.md "Identity".
std::vector<FormRow> IdentityRows(const FormApplicant& a, bool new_value_boxes) {
  std::vector<FormRow> rows = {
      {"Nama lengkap (dengan gelar)", "Full name (with titles)", a.full_name},
      {"NIK", "National identity number", a.nik},
      {"NIP", "Civil servant number", a.nip},
      {"Surel", "E-mail", a.email},
      {"Nomor telepon", "Phone number", a.phone},
      {"Instansi / perangkat daerah", "Agency", a.agency},
      {"Unit kerja", "Unit", a.unit},
      {"Jabatan", "Position", a.position},
  };
  for (FormRow& r : rows) r.new_value_box = new_value_boxes;
  return rows;
}

}  // namespace

FormDocument BuildForm(FormKind kind, const FormApplicant& a, TimePoint now) {
  FormDocument f;
  f.kind = kind;
  f.signer_name = a.full_name;
  f.signer_nip = a.nip;
  f.printed_at = FormatWib(now);
  switch (kind) {
    case FormKind::kDataChange:
      f.title_id = "FORMULIR PERMOHONAN PERUBAHAN DATA PEMOHON SERTIFIKAT ELEKTRONIK";
      f.title_en = "Electronic certificate applicant data change request form";
      f.instructions_id =
          "Isi kolom \"Data baru\" hanya untuk data yang berubah. Tanda tangani, pindai, lalu "
          "unggah formulir ini bersama dokumen pendukung perubahan di AMS.";
      f.instructions_en =
          "Fill in \"New data\" only for what changes. Sign, scan and upload this form with the "
          "supporting documents in AMS.";
      f.rows_heading_id = "Data pemohon";
      f.rows_heading_en = "Applicant data";
      f.rows = IdentityRows(a, /*new_value_boxes=*/true);
      f.declaration_id =
          "Saya menyatakan bahwa data baru di atas benar dan sesuai dengan dokumen pendukung. "
          "Saya memahami bahwa sertifikat elektronik saya yang memuat data lama harus dicabut.";
      f.declaration_en =
          "I declare that the new data above is true and matches the supporting documents. I "
          "understand that my electronic certificates carrying the old data must be revoked.";
      break;
    case FormKind::kRegistration:
      f.title_id = "FORMULIR PENDAFTARAN PEMOHON SERTIFIKAT ELEKTRONIK";
      f.title_en = "Electronic certificate applicant registration form";
      f.instructions_id =
          "Lengkapi kolom yang kosong. Tanda tangani, pindai, lalu unggah formulir ini bersama "
          "pindaian KTP dan SK pengangkatan di AMS.";
      f.instructions_en =
          "Complete the empty boxes. Sign, scan and upload this form with scans of the ID card "
          "(KTP) and the appointment decree (SK) in AMS.";
      f.rows_heading_id = "Data pemohon";
      f.rows_heading_en = "Applicant data";
      f.rows = IdentityRows(a, /*new_value_boxes=*/false);
      f.declaration_id =
          "Saya menyatakan bahwa data di atas benar dan bersedia mematuhi ketentuan penggunaan "
          "sertifikat elektronik.";
      f.declaration_en =
          "I declare that the data above is true and agree to the terms of use of electronic "
          "certificates.";
      break;
    case FormKind::kRevocation:
      f.title_id = "FORMULIR PERMOHONAN PENCABUTAN SERTIFIKAT ELEKTRONIK";
      f.title_en = "Electronic certificate revocation request form";
      f.instructions_id =
          "Isi nomor seri sertifikat dan pilih satu alasan. Tanda tangani, pindai, lalu unggah "
          "formulir ini di AMS.";
      f.instructions_en =
          "Give the certificate's serial number and tick one reason. Sign, scan and upload this "
          "form in AMS.";
      f.rows_heading_id = "Data pemohon";
      f.rows_heading_en = "Applicant data";
      f.rows = IdentityRows(a, /*new_value_boxes=*/false);
      // The reasons a holder may give (RFC 5280 §5.3.1), in SOP words.
      f.choices_heading_id = "Alasan pencabutan";
      f.choices_heading_en = "Reason for revocation";
      f.choices = {
          {"Identitas berubah", "Affiliation changed"},
          {"Kunci privat bocor atau diduga bocor", "Key compromise"},
          {"Diganti dengan sertifikat baru", "Superseded"},
          {"Tidak lagi memerlukan sertifikat", "Cessation of operation"},
          {"Lainnya", "Unspecified"},
      };
      f.extra_rows = {{"Nomor seri sertifikat", "Certificate serial number", ""}};
      f.declaration_id =
          "Saya memohon pencabutan sertifikat elektronik di atas. Saya memahami bahwa sertifikat "
          "yang dicabut tidak dapat digunakan kembali.";
      f.declaration_en =
          "I request the revocation of the certificate above. I understand that a revoked "
          "certificate cannot be used again.";
      break;
  }
  return f;
}

}  // namespace ams::documents::forms
