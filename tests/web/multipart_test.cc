#include "web/http/multipart.h"

#include <gtest/gtest.h>

namespace ams::web {
namespace {

HttpRequest Multipart(std::string body, std::string type = "multipart/form-data; boundary=b0undary") {
  HttpRequest r;
  r.headers.emplace_back("content-type", std::move(type));
  r.body = std::move(body);
  return r;
}

std::string PartText(const std::string& name, const std::string& value) {
  return "--b0undary\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

TEST(MultipartTest, ParsesFieldsAndFiles) {
  std::string body = PartText("a", "1") +
                     "--b0undary\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.pdf\"\r\n"
                     "Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--b0undary--\r\n";
  Result<std::vector<Part>> parts = ParseMultipart(Multipart(body));
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "a");
  EXPECT_EQ((*parts)[0].data, "1");
  EXPECT_FALSE((*parts)[0].is_file());
  EXPECT_EQ((*parts)[1].filename, "x.pdf");
  EXPECT_EQ((*parts)[1].content_type, "application/pdf");
  EXPECT_EQ((*parts)[1].data, "%PDF-1.7");
}

TEST(MultipartTest, RejectsBadInput) {
  static const struct {
    const char* type;
    std::string body;
    const char* reason;
    const char* why;
  } kCases[] = {
      {"application/json", PartText("a", "1") + "--b0undary--\r\n", "not_multipart", "wrong type"},
      {"multipart/form-data", PartText("a", "1") + "--b0undary--\r\n", "not_multipart", "no boundary"},
      {"multipart/form-data; boundary=b0undary", PartText("a", "1"), "malformed_multipart", "no closing boundary"},
      {"multipart/form-data; boundary=b0undary", "", "malformed_multipart", "empty body"},
      {"multipart/form-data; boundary=b0undary", "--b0undary--\r\n", "malformed_multipart", "no parts"},
      {"multipart/form-data; boundary=b0undary",
       "--b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0undary--\r\n", "malformed_multipart",
       "no Content-Disposition"},
      {"multipart/form-data; boundary=b0undary",
       "--b0undary\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b0undary--\r\n", "malformed_multipart",
       "no name"},
      {"multipart/form-data; boundary=b0undary",
       "--b0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n" + std::string(5000, 'X') +
           "\r\n\r\nx\r\n--b0undary--\r\n",
       "malformed_multipart", "oversized part headers"},
  };
  for (const auto& c : kCases) {
    Result<std::vector<Part>> parts = ParseMultipart(Multipart(c.body, c.type));
    ASSERT_FALSE(parts.ok()) << c.why;
    EXPECT_EQ(parts.status().reason(), c.reason) << c.why;
  }
}

TEST(MultipartTest, LimitsPartCount) {
  std::string body;
  for (int i = 0; i < 40; ++i) body += PartText("p" + std::to_string(i), "v");
  body += "--b0undary--\r\n";
  Result<std::vector<Part>> parts = ParseMultipart(Multipart(body));
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().reason(), "too_many_parts");
  EXPECT_TRUE(ParseMultipart(Multipart(body), {.max_parts = 40}).ok());
}

}  // namespace
}  // namespace ams::web
