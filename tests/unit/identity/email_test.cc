#include "identity/email.h"

#include <gtest/gtest.h>

namespace ams::identity {
namespace {

TEST(EmailTest, AcceptsCommonAddresses) {
  static const struct {
    const char* input;
    const char* value;
    const char* why;
  } kCases[] = {
      {"siti@pekalongankota.go.id", "siti@pekalongankota.go.id", "official address"},
      {"Siti.Rahma@PekalonganKota.GO.ID", "Siti.Rahma@pekalongankota.go.id",
       "domain lowercased, local part kept"},
      {"budi_santoso+ams@gmail.com", "budi_santoso+ams@gmail.com", "plus and underscore"},
      {"a-b.c%d@sub.dinkes.pekalongankota.go.id", "a-b.c%d@sub.dinkes.pekalongankota.go.id",
       "deep subdomain"},
      {"  siti@pekalongankota.go.id \t", "siti@pekalongankota.go.id", "outer whitespace trimmed"},
      {"x@a-b.co", "x@a-b.co", "hyphen inside a label, one-letter local part"},
      {"x@xn--80ak6aa92e.com", "x@xn--80ak6aa92e.com", "punycode label"},
      {"x@example.xn--p1ai", "x@example.xn--p1ai", "punycode TLD"},
      {"1234@123.id", "1234@123.id", "digits in local part and domain"},
  };
  for (const auto& c : kCases) {
    Result<Email> email = Email::Parse(c.input);
    ASSERT_TRUE(email.ok()) << c.why << ": " << email.status().ToString();
    EXPECT_EQ(email->value(), c.value) << c.why;
  }
}

TEST(EmailTest, RejectsMalformedAddresses) {
  const std::string local64(64, 'a');
  const std::string label63(63, 'b');
  const std::string long_local = std::string(65, 'a') + "@example.com";
  const std::string long_label = "a@" + std::string(64, 'b') + ".com";
  // 64 + '@' + 63 + '.' + 63 + '.' + 59 + ".id" = 255 bytes.
  const std::string overlong =
      local64 + "@" + label63 + "." + label63 + "." + std::string(59, 'c') + ".id";
  ASSERT_EQ(overlong.size(), 255u);
  static const struct {
    std::string input;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"   ", "only spaces"},
      {"siti", "no @"},
      {"siti@", "no domain"},
      {"@pekalongankota.go.id", "no local part"},
      {"siti@@pekalongankota.go.id", "two @ together"},
      {"si@ti@pekalongankota.go.id", "two @"},
      {"siti rahma@pekalongankota.go.id", "space in the local part"},
      {"siti@pekalongan kota.go.id", "space in the domain"},
      {"siti\t@pekalongankota.go.id", "tab"},
      {"siti\n@pekalongankota.go.id", "newline (header injection)"},
      {"siti@pekalongankota.go.id\r\nBcc: x@evil.com", "CRLF header injection"},
      {std::string("si\0ti@pekalongankota.go.id", 26), "NUL byte"},
      {"'; DROP TABLE users; --@x.id", "SQL metacharacters"},
      {"siti'--@pekalongankota.go.id", "quote in the local part"},
      {"\"siti\"@pekalongankota.go.id", "quoted local part"},
      {"<siti@pekalongankota.go.id>", "angle brackets"},
      {"siti;@pekalongankota.go.id", "semicolon"},
      {".siti@pekalongankota.go.id", "leading dot"},
      {"siti.@pekalongankota.go.id", "trailing dot"},
      {"si..ti@pekalongankota.go.id", "double dot"},
      {"siti@localhost", "single-label domain"},
      {"siti@.go.id", "empty first label"},
      {"siti@pekalongankota..go.id", "empty middle label"},
      {"siti@pekalongankota.go.id.", "trailing dot in the domain"},
      {"siti@-pekalongan.go.id", "label starts with hyphen"},
      {"siti@pekalongan-.go.id", "label ends with hyphen"},
      {"siti@pekalongan_kota.go.id", "underscore in the domain"},
      {"siti@10.0.0.1", "IP address as domain"},
      {"siti@[10.0.0.1]", "IP literal"},
      {"siti@example.c", "one-letter TLD"},
      {"siti@example.c0m", "digit in TLD"},
      {"s\xc3\xaeti@pekalongankota.go.id", "non-ASCII local part"},
      {"siti@p\xc3\xa9kalongan.id", "non-ASCII domain (use punycode)"},
      {long_local, "local part of 65 characters"},
      {long_label, "domain label of 64 characters"},
      {overlong, "255 characters"},
  };
  for (const auto& c : kCases) {
    Result<Email> email = Email::Parse(c.input);
    ASSERT_FALSE(email.ok()) << c.why;
    EXPECT_EQ(email.status().reason(), "invalid_email") << c.why;
    EXPECT_EQ(email.status().code(), Code::kInvalidArgument) << c.why;
  }
}

TEST(EmailTest, AcceptsLongestLegalParts) {
  const std::string local64(64, 'a');
  const std::string label63(63, 'b');
  const std::string longest =
      local64 + "@" + label63 + "." + label63 + "." + std::string(58, 'c') + ".id";
  ASSERT_EQ(longest.size(), 254u);
  EXPECT_TRUE(Email::Parse(longest).ok());
}

TEST(EmailTest, AccessorsSplitTheAddress) {
  Result<Email> email = Email::Parse("Siti.Rahma@Dinkes.PekalonganKota.go.id");
  ASSERT_TRUE(email.ok());
  EXPECT_EQ(email->local_part(), "Siti.Rahma");
  EXPECT_EQ(email->domain(), "dinkes.pekalongankota.go.id");
  EXPECT_EQ(email->Canonical(), "siti.rahma@dinkes.pekalongankota.go.id");
}

TEST(EmailTest, IsOfficialMatchesDomainAndSubdomains) {
  const std::vector<std::string> allowed = {"pekalongankota.go.id", "@jatengprov.go.id",
                                            " .Kemendagri.GO.ID "};
  static const struct {
    const char* address;
    bool official;
    const char* why;
  } kCases[] = {
      {"siti@pekalongankota.go.id", true, "exact domain"},
      {"siti@sub.pekalongankota.go.id", true, "subdomain"},
      {"siti@a.b.pekalongankota.go.id", true, "sub-subdomain"},
      {"siti@PEKALONGANKOTA.GO.ID", true, "case-insensitive"},
      {"siti@jatengprov.go.id", true, "configured with a leading @"},
      {"siti@x.kemendagri.go.id", true, "configured with dot, spaces and capitals"},
      {"siti@evilpekalongankota.go.id", false, "suffix without a dot boundary"},
      {"siti@pekalongankota.go.id.evil.com", false, "allowed domain as a prefix"},
      {"siti@go.id", false, "parent domain"},
      {"siti@gmail.com", false, "other domain"},
  };
  for (const auto& c : kCases) {
    Result<Email> email = Email::Parse(c.address);
    ASSERT_TRUE(email.ok()) << c.why;
    EXPECT_EQ(email->IsOfficial(allowed), c.official) << c.why;
  }
}

TEST(EmailTest, NothingIsOfficialWithoutAllowedDomains) {
  Result<Email> email = Email::Parse("siti@pekalongankota.go.id");
  ASSERT_TRUE(email.ok());
  EXPECT_FALSE(email->IsOfficial({}));
  EXPECT_FALSE(email->IsOfficial({"", "@", "."})) << "blank entries match nothing";
}

}  // namespace
}  // namespace ams::identity
