#include <gtest/gtest.h>

#include "documents/document_record.h"
#include "documents/forms/request_form.h"

namespace ams::documents {
namespace {

TEST(DocumentRecordTest, SanitisesClientFileNames) {
  static const struct {
    std::string input;
    const char* want;
    const char* why;
  } kCases[] = {
      {"ktp.pdf", "ktp.pdf", "plain"},
      {"C:\\Users\\siti\\Scan KTP.pdf", "Scan KTP.pdf", "Windows path"},
      {"../../etc/passwd", "passwd", "path traversal"},
      {"..", "dokumen", "dots only"},
      {"", "dokumen", "empty"},
      {"  sk.pdf  ", "sk.pdf", "spaces around"},
      {"a\"b;c<d>.pdf", "abcd.pdf", "header and shell characters"},
      {"evil\r\nSet-Cookie: x.pdf", "evilSet-Cookie x.pdf", "CR LF"},
      {"gpj.\u202Eexe.pdf", "gpj.exe.pdf", "right-to-left override"},
      {"Surat Keputusan – Ñ.pdf", "Surat Keputusan – Ñ.pdf", "UTF-8 kept"},
      {std::string("bad\xff\xfe.pdf"), "dokumen", "not UTF-8"},
  };
  for (const auto& c : kCases) EXPECT_EQ(SanitiseFilename(c.input), c.want) << c.why;
  EXPECT_EQ(SanitiseFilename(std::string(500, 'a')).size(), 120u) << "bounded";
  EXPECT_EQ(SanitiseFilename(std::string(200, 'e') + "é").size(), 120u);
  std::string cut = SanitiseFilename(std::string(119, 'a') + "é");
  EXPECT_EQ(cut, std::string(119, 'a')) << "never cuts inside a character";
}

TEST(DocumentRecordTest, AsciiFilenameUsesTheSniffedExtension) {
  EXPECT_EQ(AsciiFilename("Surat Keputusan – Ñ.pdf", DocumentType::kPdf), "Surat_Keputusan.pdf");
  EXPECT_EQ(AsciiFilename("foto.exe", DocumentType::kPng), "foto.png");
  EXPECT_EQ(AsciiFilename("", DocumentType::kJpeg), "dokumen.jpg");
  EXPECT_EQ(AsciiFilename(".bashrc", DocumentType::kPdf), "bashrc.pdf");
}

TEST(DocumentRecordTest, PurposesRoundTripAndRefuseOthers) {
  for (auto p : {DocumentPurpose::kKtp, DocumentPurpose::kSk, DocumentPurpose::kForm,
                 DocumentPurpose::kSupporting}) {
    EXPECT_EQ(*ParsePurpose(ToString(p)), p);
  }
  for (const char* bad : {"", "KTP", "ktp ", "passport", "ktp'--"}) {
    EXPECT_EQ(ParsePurpose(bad).status().reason(), "invalid_purpose") << bad;
  }
}

TEST(RequestFormTest, DataChangeFormCarriesCurrentDataAndEmptyNewBoxes) {
  forms::FormApplicant a;
  a.full_name = "Siti Rahmawati, S.Kom.";
  a.nip = "199006052015032001";
  a.agency = "Dinas Komunikasi dan Informatika";
  forms::FormDocument f = forms::BuildForm(forms::FormKind::kDataChange, a, FromUnixSeconds(1796096195));
  EXPECT_NE(f.title_id.find("PERUBAHAN DATA"), std::string::npos);
  ASSERT_EQ(f.rows.size(), 8u);
  EXPECT_EQ(f.rows[0].value, a.full_name);
  EXPECT_EQ(f.rows[2].value, a.nip);
  for (const auto& row : f.rows) EXPECT_TRUE(row.new_value_box) << row.label_en;
  EXPECT_EQ(f.signer_nip, a.nip);
  EXPECT_EQ(f.printed_at, "2026-12-01 10:36 WIB");
}

TEST(RequestFormTest, RevocationFormListsReasonsAndRegistrationHasNoNewBoxes) {
  forms::FormDocument rev = forms::BuildForm(forms::FormKind::kRevocation, {}, FromUnixSeconds(0));
  EXPECT_EQ(rev.choices.front().label_en, "Affiliation changed") << "SOP step 6's reason first";
  EXPECT_EQ(rev.extra_rows.size(), 1u);
  forms::FormDocument reg = forms::BuildForm(forms::FormKind::kRegistration, {}, FromUnixSeconds(0));
  for (const auto& row : reg.rows) EXPECT_FALSE(row.new_value_box);
  EXPECT_EQ(*forms::ParseFormKind("data_change"), forms::FormKind::kDataChange);
  EXPECT_EQ(forms::ParseFormKind("../x").status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace ams::documents
