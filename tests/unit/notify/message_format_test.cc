#include "notify/message_format.h"

#include <gtest/gtest.h>

#include "unit/notify/mime_decode.h"

namespace ams::notify {
namespace {

using testing::DecodeHeader;
using testing::DecodeQuotedPrintable;
using testing::ParseMail;

const TimePoint kAt = FromUnixSeconds(1796096195);  // 2026-12-01T03:36:35Z

MessageOptions Options() { return {"ams@pekalongankota.go.id", "AMS Kota Pekalongan"}; }

OutgoingMail Mail(std::string subject, std::string body = "Halo.\n") {
  OutgoingMail m;
  m.id = 42;
  m.to = "siti.rahma@pekalongankota.go.id";
  m.subject = std::move(subject);
  m.body_text = std::move(body);
  m.dedup_key = "approved:42";
  return m;
}

// Every line of `raw` ends in CRLF and none is longer than `max`.
void ExpectLinesAtMost(const std::string& raw, size_t max, const std::string& why) {
  size_t pos = 0;
  while (pos < raw.size()) {
    size_t end = raw.find("\r\n", pos);
    ASSERT_NE(end, std::string::npos) << why << ": last line has no CRLF";
    EXPECT_LE(end - pos, max) << why << ": " << raw.substr(pos, end - pos);
    EXPECT_EQ(raw.substr(pos, end - pos).find('\n'), std::string::npos) << why << ": bare LF";
    pos = end + 2;
  }
}

TEST(FormatMessageTest, WritesTheHeadersOfAPlainTextMail) {
  Result<std::string> raw = FormatMessage(Mail("Permohonan disetujui"), Options(), kAt);
  ASSERT_TRUE(raw.ok()) << raw.status().ToString();
  testing::ParsedMail m = ParseMail(*raw);
  EXPECT_EQ(m.headers["Date"], "Tue, 01 Dec 2026 10:36:35 +0700");
  EXPECT_EQ(m.headers["From"], "\"AMS Kota Pekalongan\" <ams@pekalongankota.go.id>");
  EXPECT_EQ(m.headers["To"], "siti.rahma@pekalongankota.go.id");
  EXPECT_EQ(m.headers["Subject"], "Permohonan disetujui");
  EXPECT_EQ(m.headers["MIME-Version"], "1.0");
  EXPECT_EQ(m.headers["Content-Type"], "text/plain; charset=UTF-8");
  EXPECT_EQ(m.headers["Content-Transfer-Encoding"], "quoted-printable");
  EXPECT_EQ(m.headers["Auto-Submitted"], "auto-generated");
  EXPECT_EQ(m.headers["Message-ID"].rfind("<ams.42.", 0), 0u) << m.headers["Message-ID"];
  EXPECT_EQ(m.headers["Message-ID"].substr(m.headers["Message-ID"].find('@')),
            "@pekalongankota.go.id>");
  EXPECT_EQ(m.body, "Halo.\r\n");
  ExpectLinesAtMost(*raw, 78, "whole message");
}

TEST(FormatMessageTest, EncodesSubjectsAsUtf8WordsWhenNeeded) {
  static const struct {
    const char* subject;
    bool encoded;
    const char* why;
  } kCases[] = {
      {"Sertifikat Elektronik Anda sudah terbit", false, "plain ASCII stays readable"},
      {"Sertifikat Anda akan kedaluwarsa \xe2\x80\x94 segera perpanjang", true, "em dash"},
      {"Permohonan perubahan data: Nama \"Siti R\xc3\xa4hma\"", true, "a-umlaut in a name"},
      {"\xea\xa6\xb1\xea\xa6\xbc\xea\xa6\x82\xea\xa6\xa0\xea\xa6\xb6 (aksara Jawa)", true,
       "three-byte Javanese script"},
      {"Selamat \xf0\x9f\x8e\x89 sertifikat terbit", true, "four-byte emoji"},
      {"Perpanjangan: =?UTF-8?B?eA==?= bukan kata tersandi", true,
       "ASCII that looks like an encoded-word is encoded"},
      {"Pemberitahuan: sertifikat elektronik untuk pegawai Dinas Kesehatan Kota Pekalongan "
       "akan kedaluwarsa dalam tiga puluh hari",
       false, "long ASCII is folded at spaces"},
      {"Pemberitahuan \xe2\x80\x94 sertifikat elektronik untuk pegawai Dinas Kesehatan Kota "
       "Pekalongan akan kedaluwarsa dalam tiga puluh hari (\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9)",
       true, "long UTF-8 needs several words, split between characters"},
      {"", false, "empty subject"},
  };
  for (const auto& c : kCases) {
    Result<std::string> raw = FormatMessage(Mail(c.subject), Options(), kAt);
    ASSERT_TRUE(raw.ok()) << c.why << ": " << raw.status().ToString();
    ExpectLinesAtMost(*raw, 78, c.why);
    const std::string value = ParseMail(*raw).headers["Subject"];
    EXPECT_EQ(value.find("=?UTF-8?B?") != std::string::npos, c.encoded) << c.why << ": " << value;
    std::optional<std::string> decoded = DecodeHeader(value);
    ASSERT_TRUE(decoded.has_value()) << c.why << ": " << value;
    EXPECT_EQ(*decoded, c.subject) << c.why;
    // RFC 2047 §2: no encoded-word longer than 75 characters.
    for (size_t at = value.find("=?UTF-8?B?"); at != std::string::npos;
         at = value.find("=?UTF-8?B?", at + 10)) {
      EXPECT_LE(value.find("?=", at + 10) + 2 - at, 75u) << c.why;
    }
  }
}

TEST(FormatMessageTest, BodyRoundTripsThroughQuotedPrintable) {
  static const struct {
    const char* body;
    const char* why;
  } kCases[] = {
      {"Yth. Siti,\n\nPermohonan Anda telah disetujui.\n", "plain Indonesian text"},
      {"Nama: Siti R\xc3\xa4hma \xe2\x80\x94 NIP 198503302010012001\n", "UTF-8 is encoded"},
      {"Biaya = Rp0\n", "equals sign"},
      {"spasi di akhir   \nlagi\t\n", "trailing whitespace is protected"},
      {".\n.titik di awal\n", "leading dots (SMTP end-of-data)"},
      {"From the office\nFrom \n", "leading From (mbox)"},
      {"CRLF\r\nCR only\rLF only\n", "all line ends become CRLF"},
      {"no final newline", "no final newline"},
  };
  for (const auto& c : kCases) {
    Result<std::string> raw = FormatMessage(Mail("Uji", c.body), Options(), kAt);
    ASSERT_TRUE(raw.ok()) << c.why;
    ExpectLinesAtMost(*raw, 78, c.why);
    std::string body = ParseMail(*raw).body;
    std::optional<std::string> decoded = DecodeQuotedPrintable(body);
    ASSERT_TRUE(decoded.has_value()) << c.why;
    std::string expected;
    for (const char* p = c.body; *p; ++p) {
      if (*p == '\r' && p[1] == '\n') continue;
      expected += (*p == '\r' || *p == '\n') ? std::string("\r\n") : std::string(1, *p);
    }
    if (expected.size() < 2 || expected.substr(expected.size() - 2) != "\r\n") expected += "\r\n";
    EXPECT_EQ(*decoded, expected) << c.why;
    size_t pos = 0;
    while ((pos = body.find("\r\n", pos)) != std::string::npos) {
      pos += 2;
      EXPECT_NE(body[pos], '.') << c.why << ": a line starts with '.'";
      EXPECT_NE(body.substr(pos, 5), "From ") << c.why;
    }
    EXPECT_NE(body[0], '.') << c.why;
    EXPECT_EQ(body.find(" \r\n"), std::string::npos) << c.why;
  }
}

TEST(FormatMessageTest, LongLinesGetSoftBreaksOfAtMost76Characters) {
  std::string body;
  for (int i = 0; i < 40; ++i) body += "sertifikat\xc3\xa9 ";
  body += "=";
  Result<std::string> raw = FormatMessage(Mail("Uji", body), Options(), kAt);
  ASSERT_TRUE(raw.ok());
  std::string encoded = ParseMail(*raw).body;
  ExpectLinesAtMost(encoded, 76, "quoted-printable body");
  EXPECT_EQ(*DecodeQuotedPrintable(encoded), body + "\r\n");
}

TEST(FormatMessageTest, RefusesHeaderInjection) {
  static const struct {
    const char* to;
    const char* subject;
    const char* from_name;
    const char* why;
  } kCases[] = {
      {"siti@pekalongankota.go.id\r\nBcc: eve@example.com", "Uji", "", "CRLF in To"},
      {"siti@pekalongankota.go.id\n", "Uji", "", "trailing LF in To"},
      {"siti@pekalongankota.go.id", "Uji\r\nBcc: eve@example.com", "", "CRLF in Subject"},
      {"siti@pekalongankota.go.id", "Uji\nX-Spam: no", "", "LF in Subject"},
      {"siti@pekalongankota.go.id", "Uji\rX", "", "bare CR in Subject"},
      {"siti@pekalongankota.go.id", "Uji", "AMS\r\nBcc: eve@example.com", "CRLF in From name"},
  };
  for (const auto& c : kCases) {
    OutgoingMail mail = Mail(c.subject);
    mail.to = c.to;
    MessageOptions options = Options();
    options.from_name = c.from_name;
    Result<std::string> raw = FormatMessage(mail, options, kAt);
    ASSERT_FALSE(raw.ok()) << c.why;
    EXPECT_EQ(raw.status().code(), Code::kInvalidArgument) << c.why;
    EXPECT_EQ(raw.status().reason(), "mail_header_injection") << c.why;
  }
  OutgoingMail nul = Mail(std::string("Uji\0Bcc", 7));
  EXPECT_EQ(FormatMessage(nul, Options(), kAt).status().reason(), "mail_header_injection");
}

TEST(FormatMessageTest, RefusesMalformedAddressesAndText) {
  static const struct {
    const char* to;
    const char* subject;
    const char* body;
    const char* reason;
    const char* why;
  } kCases[] = {
      {"", "Uji", "", "invalid_mail_recipient", "empty"},
      {"siti", "Uji", "", "invalid_mail_recipient", "no @"},
      {"siti@pekalongankota.go.id, eve@example.com", "Uji", "", "invalid_mail_recipient",
       "two recipients"},
      {"<siti@pekalongankota.go.id>", "Uji", "", "invalid_mail_recipient", "angle brackets"},
      {" siti@pekalongankota.go.id", "Uji", "", "invalid_mail_recipient", "leading space"},
      {"siti@pekalongankota.go.id", "Uji \xff", "", "mail_not_utf8", "bad UTF-8 subject"},
      {"siti@pekalongankota.go.id", "Uji", "Halo \xc3", "mail_not_utf8", "truncated UTF-8 body"},
  };
  for (const auto& c : kCases) {
    OutgoingMail mail = Mail(c.subject, c.body);
    mail.to = c.to;
    Result<std::string> raw = FormatMessage(mail, Options(), kAt);
    ASSERT_FALSE(raw.ok()) << c.why;
    EXPECT_EQ(raw.status().code(), Code::kInvalidArgument) << c.why;
    EXPECT_EQ(raw.status().reason(), c.reason) << c.why;
  }
  MessageOptions bad = Options();
  bad.from_address = "ams";
  EXPECT_EQ(FormatMessage(Mail("Uji"), bad, kAt).status().reason(), "invalid_mail_sender");
}

TEST(FormatMessageTest, NonAsciiSenderNameIsEncoded) {
  MessageOptions options = Options();
  options.from_name = "Kantor Pendaftaran \xe2\x80\x94 Kota Pekalongan";
  Result<std::string> raw = FormatMessage(Mail("Uji"), options, kAt);
  ASSERT_TRUE(raw.ok());
  std::string from = ParseMail(*raw).headers["From"];
  size_t angle = from.rfind(" <");
  EXPECT_EQ(from.substr(angle), " <ams@pekalongankota.go.id>");
  EXPECT_EQ(*DecodeHeader(from.substr(0, angle)), options.from_name);
}

TEST(FormatMessageTest, MessageIdIsTheSameForTheSameMail) {
  OutgoingMail a = Mail("Uji");
  OutgoingMail b = Mail("Uji");
  b.attempts = 3;  // a retry is the same mail
  EXPECT_EQ(MessageIdFor(a, "ams@pekalongankota.go.id"),
            MessageIdFor(b, "ams@pekalongankota.go.id"));
  b.id = 43;
  EXPECT_NE(MessageIdFor(a, "ams@pekalongankota.go.id"),
            MessageIdFor(b, "ams@pekalongankota.go.id"));
}

TEST(FormatMailDateTest, UsesWibAndEnglishNames) {
  EXPECT_EQ(FormatMailDate(FromUnixSeconds(0)), "Thu, 01 Jan 1970 07:00:00 +0700");
  EXPECT_EQ(FormatMailDate(kAt), "Tue, 01 Dec 2026 10:36:35 +0700");
}

}  // namespace
}  // namespace ams::notify
