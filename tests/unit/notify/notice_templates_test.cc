#include "notify/notice_templates.h"

#include <gtest/gtest.h>

namespace ams::notify {
namespace {

using Params = std::map<std::string, std::string>;

// Params that satisfy every event, so each template can be rendered.
Params AllParams() {
  return {{"request_id", "42"},        {"kind", "data_change"},
          {"applicant_name", "Siti"},  {"reason", "affiliationChanged"},
          {"serials", "0A1B\n0C2D"},   {"count", "2"},
          {"serial", "0A1B2C"},        {"not_after", "2027-01-01 07:00 WIB"},
          {"days", "30"}};
}

TEST(NoticeTemplatesTest, EveryEventRendersInBothLanguagesWithItsLinkAndNextStep) {
  ASSERT_EQ(NotificationEvents().size(), 9u);
  for (std::string_view event : NotificationEvents()) {
    Result<RenderedNotice> r =
        RenderNotice(std::string(event), AllParams(), "https://ams.example.go.id/", "Budi");
    ASSERT_TRUE(r.ok()) << event << ": " << r.status().ToString();
    EXPECT_FALSE(r->title_id.empty()) << event;
    EXPECT_FALSE(r->title_en.empty()) << event;
    EXPECT_NE(r->title_id, r->title_en) << event << ": the two languages differ";
    EXPECT_EQ(r->title_id.find('\n'), std::string::npos) << event;
    EXPECT_EQ(r->title_id.find("{{"), std::string::npos) << event << ": no tag left";
    EXPECT_EQ(r->body_id.find("{{"), std::string::npos) << event;
    EXPECT_EQ(r->body_en.find("{{"), std::string::npos) << event;
    EXPECT_NE(r->body_id.find("Yth. Budi,"), std::string::npos) << event;
    EXPECT_NE(r->body_en.find("Dear Budi,"), std::string::npos) << event;
    EXPECT_NE(r->body_id.find("Langkah berikutnya"), std::string::npos) << event;
    EXPECT_NE(r->body_en.find("What next"), std::string::npos) << event;
    const std::string link = event.starts_with("certificate_")
                                 ? "https://ams.example.go.id/certificates/0A1B2C"
                                 : "https://ams.example.go.id/requests/42";
    EXPECT_EQ(r->link, link) << event;
    EXPECT_NE(r->body_id.find(link), std::string::npos) << event;
    EXPECT_NE(r->body_en.find(link), std::string::npos) << event;
  }
}

TEST(NoticeTemplatesTest, TranslatesTheRequestKind) {
  static const struct {
    const char* kind;
    const char* id;
    const char* en;
  } kCases[] = {
      {"registration", "pendaftaran", "registration"},
      {"issuance", "penerbitan", "issuance"},
      {"data_change", "perubahan data", "data change"},
      {"renewal", "pembaruan", "renewal"},
      {"revocation", "pencabutan", "revocation"},
  };
  for (const auto& c : kCases) {
    Result<RenderedNotice> r =
        RenderNotice("request_submitted", {{"request_id", "7"}, {"kind", c.kind}}, "http://x", "A");
    ASSERT_TRUE(r.ok()) << c.kind;
    EXPECT_EQ(r->title_id, std::string("Permohonan ") + c.id + " #7 telah diterima");
    EXPECT_EQ(r->title_en, std::string("Your ") + c.en + " request #7 was received");
  }
}

TEST(NoticeTemplatesTest, NextStepFollowsTheKind) {
  Result<RenderedNotice> reg =
      RenderNotice("request_approved", {{"request_id", "1"}, {"kind", "registration"}}, "", "A");
  Result<RenderedNotice> change =
      RenderNotice("request_approved", {{"request_id", "1"}, {"kind", "data_change"}}, "", "A");
  ASSERT_TRUE(reg.ok() && change.ok());
  EXPECT_NE(reg->body_id.find("mengajukan penerbitan"), std::string::npos);
  EXPECT_EQ(reg->body_id.find("Data identitas baru"), std::string::npos);
  EXPECT_NE(change->body_id.find("Data identitas baru"), std::string::npos);
  EXPECT_NE(change->body_en.find("new identity data is now in force"), std::string::npos);
  // Section tags on their own line leave no blank lines behind.
  EXPECT_EQ(change->body_id.find("\n\n\n"), std::string::npos) << change->body_id;
}

TEST(NoticeTemplatesTest, PlainTextKeepsMarkupCharactersAsTheyAre) {
  // Escaping for HTML is the web layer's job; a mail must show "&", not "&amp;".
  Result<RenderedNotice> r = RenderNotice(
      "request_rejected",
      {{"request_id", "3"}, {"kind", "issuance"}, {"reason", "KTP & SK <tidak> terbaca \"x\""}},
      "", "O'Brien");
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->body_id.find("KTP & SK <tidak> terbaca \"x\""), std::string::npos);
  EXPECT_NE(r->body_en.find("Dear O'Brien,"), std::string::npos);
}

TEST(NoticeTemplatesTest, ValuesCannotAddTemplateTagsOrHeaderLines) {
  Result<RenderedNotice> r = RenderNotice(
      "request_queued",
      {{"request_id", "3"}, {"kind", "renewal"}, {"applicant_name", "X\r\nBcc: a@b.c {{link}}"}},
      "http://h", "A");
  ASSERT_TRUE(r.ok());
  // Values are not re-expanded; in a body only line ends and tabs survive.
  EXPECT_NE(r->body_id.find("X\nBcc: a@b.c {{link}}"), std::string::npos) << r->body_id;
  EXPECT_EQ(r->body_id.find('\r'), std::string::npos);
  EXPECT_NE(r->title_en.find("renewal"), std::string::npos);
  Result<RenderedNotice> t = RenderNotice(
      "certificate_expiring", {{"serial", "AB"}, {"days", "7\r\nBcc: x"}, {"not_after", "n"}},
      "http://h", "A");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->title_id, "Sertifikat elektronik AB berakhir dalam 7 Bcc: x hari");
  EXPECT_EQ(t->title_en.find_first_of("\r\n"), std::string::npos);
}

TEST(NoticeTemplatesTest, RevocationReasonIsTranslatedWhenKnown) {
  Result<RenderedNotice> known = RenderNotice(
      "certificate_revoked", {{"serial", "AB"}, {"reason", "affiliationChanged"}}, "", "A");
  Result<RenderedNotice> other =
      RenderNotice("certificate_revoked", {{"serial", "AB"}, {"reason", "lain-lain"}}, "", "A");
  ASSERT_TRUE(known.ok() && other.ok());
  EXPECT_NE(known->body_id.find("identitas berubah"), std::string::npos);
  EXPECT_NE(known->body_en.find("identity changed"), std::string::npos);
  EXPECT_NE(other->body_en.find("reason: lain-lain"), std::string::npos);
}

TEST(NoticeTemplatesTest, RejectsBadNotices) {
  static const struct {
    const char* event;
    Params params;
    const char* reason;
    const char* why;
  } kCases[] = {
      {"request_exploded", {{"request_id", "1"}}, "unknown_notification_event", "unknown event"},
      {"", {}, "unknown_notification_event", "empty event"},
      {"request_approved", {{"request_id", "1"}}, "missing_notification_param", "no kind"},
      {"certificate_issued", {{"serial", "AB"}}, "missing_notification_param", "no not_after"},
      {"request_approved", {{"request_id", "1"}, {"kind", "Issuance"}},
       "invalid_notification_param", "kind not in the list"},
      {"request_approved", {{"request_id", "../admin"}, {"kind", "issuance"}},
       "invalid_notification_param", "request_id is a path"},
      {"request_approved", {{"request_id", ""}, {"kind", "issuance"}},
       "invalid_notification_param", "empty request_id"},
      {"request_approved", {{"request_id", "99999999999999999999"}, {"kind", "issuance"}},
       "invalid_notification_param", "request_id over 19 digits"},
      {"certificate_issued", {{"serial", "AB?x=1"}, {"not_after", "n"}},
       "invalid_notification_param", "serial not hex"},
  };
  for (const auto& c : kCases) {
    Result<RenderedNotice> r = RenderNotice(c.event, c.params, "http://h", "A");
    ASSERT_FALSE(r.ok()) << c.why;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << c.why;
    EXPECT_EQ(r.status().reason(), c.reason) << c.why;
  }
}

}  // namespace
}  // namespace ams::notify
