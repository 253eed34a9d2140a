#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/encoding.h"
#include "documents/document_type.h"
#include "documents/folder_blob_store.h"

namespace ams::documents {
namespace {

const std::string kPdf = "%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + "data";
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16) + "data";

TEST(DocumentTypeTest, RecognisesByContent) {
  EXPECT_EQ(*DetectDocumentType(kPdf), DocumentType::kPdf);
  EXPECT_EQ(*DetectDocumentType(kJpeg), DocumentType::kJpeg);
  EXPECT_EQ(*DetectDocumentType(kPng), DocumentType::kPng);
  EXPECT_STREQ(MimeType(DocumentType::kPng), "image/png");
}

TEST(DocumentTypeTest, RefusesWhatIsNotADocument) {
  static const struct {
    std::string content;
    const char* reason;
    const char* why;
  } kCases[] = {
      {"", "document_empty", "empty"},
      {"Ini bukan PDF, hanya teks.", "document_type_not_allowed", "text named .pdf"},
      {"%PDF-1.7\n1 0 obj << >> endobj\n", "document_type_not_allowed", "truncated PDF, no %%EOF"},
      {"MZ\x90\x00\x03", "document_type_not_allowed", "a Windows program"},
      {"<html><script>alert(1)</script>", "document_type_not_allowed", "HTML"},
      {std::string("\x89PNG\r\n\x1A\n", 8), "document_type_not_allowed", "PNG signature alone"},
      {"GIF89a....", "document_type_not_allowed", "GIF is not on the list"},
  };
  for (const auto& c : kCases) {
    Result<DocumentType> t = DetectDocumentType(c.content);
    ASSERT_FALSE(t.ok()) << c.why;
    EXPECT_EQ(t.status().reason(), c.reason) << c.why;
  }
  DocumentLimits small;
  small.max_bytes = 10;
  EXPECT_EQ(DetectDocumentType(kPdf, small).status().reason(), "document_too_large");
}

TEST(FolderBlobStoreTest, StoresOnceByContentAndDetectsCorruption) {
  char tmpl[] = "/tmp/ams-blobs.XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  FolderBlobStore store(tmpl);
  Result<std::string> key = store.Put(kPdf);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(*key, Sha256Hex(kPdf));
  Result<std::string> again = store.Put(kPdf);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *key);
  EXPECT_EQ(*store.Get(*key), kPdf);
  EXPECT_EQ(store.Get("../../etc/passwd").status().reason(), "document_not_found");
  EXPECT_EQ(store.Get(std::string(64, 'a')).status().reason(), "document_not_found");

  std::filesystem::path path = std::filesystem::path(tmpl) / key->substr(0, 2) / *key;
  std::ofstream(path, std::ios::trunc) << "tampered";
  EXPECT_EQ(store.Get(*key).status().code(), Code::kInternal);
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace ams::documents
