#include "ca/cert_encoder.h"

#include <gtest/gtest.h>
#include <openssl/objects.h>

#include "base/encoding.h"

namespace ams::ca::encode {
namespace {

TEST(CertEncoderTest, EncodesOidsLikeOpenssl) {
  for (const char* oid : {"2.16.360.1.1.1.1", "1.3.6.1.5.5.7.3.36", "2.5.29.32",
                          "0.9.2342.19200300.100.1.1", "2.999.1", "1.2.840.113549.1.1.11"}) {
    Result<std::string> ours = OidContents(oid);
    ASSERT_TRUE(ours.ok()) << oid;
    ASN1_OBJECT* obj = OBJ_txt2obj(oid, 1);
    ASSERT_NE(obj, nullptr) << oid;
    const std::string theirs(reinterpret_cast<const char*>(OBJ_get0_data(obj)), OBJ_length(obj));
    ASN1_OBJECT_free(obj);
    EXPECT_EQ(HexEncode(*ours), HexEncode(theirs)) << oid;
  }
}

TEST(CertEncoderTest, RejectsBadOids) {
  for (const char* bad : {"", "1", "1.", ".1.2", "1..2", "3.1", "1.40", "1.2.03", "a.b", "1.2 .3",
                          "1.2.99999999999999999999999"}) {
    Result<std::string> oid = OidContents(bad);
    ASSERT_FALSE(oid.ok()) << bad;
    EXPECT_EQ(oid.status().reason(), "profile_invalid") << bad;
  }
}

TEST(CertEncoderTest, NameValidatesValues) {
  const struct {
    std::vector<NameEntry> entries;
    bool ok;
    const char* why;
  } kCases[] = {
      {{{Attribute::kCountry, "ID"}, {Attribute::kCommonName, "Budi Ṣāliḥ"}}, true, "UTF-8 name"},
      {{{Attribute::kCommonName, std::string(64, 'a')}}, true, "64 characters"},
      {{{Attribute::kCommonName, std::string(65, 'a')}}, false, "65 characters"},
      {{{Attribute::kCommonName, std::string(32, '\xc3')}}, false, "truncated UTF-8"},
      {{{Attribute::kCommonName, "\xc0\xaf"}}, false, "overlong encoding"},
      {{{Attribute::kCommonName, "\xed\xa0\x80"}}, false, "surrogate"},
      {{{Attribute::kCommonName, "tab\there"}}, false, "control character"},
      {{{Attribute::kCommonName, ""}}, false, "empty"},
      {{{Attribute::kCountry, "id"}}, false, "lower-case country"},
      {{{Attribute::kCountry, "IDN"}}, false, "three-letter country"},
  };
  for (const auto& c : kCases) {
    Result<std::string> name = Name(c.entries);
    EXPECT_EQ(name.ok(), c.ok) << c.why;
    if (!c.ok) {
      EXPECT_EQ(name.status().reason(), "subject_field_invalid") << c.why;
    }
  }
  // 64 characters of two bytes each: the bound counts characters, not bytes.
  std::string two_byte;
  for (int i = 0; i < 64; ++i) two_byte += "\xc3\xa9";
  EXPECT_TRUE(Name({{Attribute::kCommonName, two_byte}}).ok());
}

}  // namespace
}  // namespace ams::ca::encode
