#include "notify/eml/eml_sender.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "unit/notify/mime_decode.h"

namespace ams::notify {
namespace {

namespace fs = std::filesystem;

class EmlSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ams-eml-test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    folder_ = root_ + "/data/outbox";
    auto sender = EmlSender::Create(folder_, {"ams@pekalongankota.go.id", "AMS"}, clock_);
    ASSERT_TRUE(sender.ok()) << sender.status().ToString();
    sender_ = std::move(*sender);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::vector<std::string> Files() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(folder_)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string Read(const std::string& name) {
    std::ifstream in(folder_ + "/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  static OutgoingMail Mail(int64_t id, std::string to, std::string subject) {
    OutgoingMail m;
    m.id = id;
    m.to = std::move(to);
    m.subject = std::move(subject);
    m.body_text =
        "Yth. Bapak/Ibu,\n\nSertifikat elektronik Anda telah terbit \xe2\x80\x94 silakan unduh.\n";
    return m;
  }

  FakeClock clock_{FromUnixSeconds(1796096195)};  // 2026-12-01T03:36:35Z
  std::string root_;
  std::string folder_;
  std::unique_ptr<EmlSender> sender_;
};

TEST_F(EmlSenderTest, WritesEachMailAsAnEmlFileNamedByIdAndTime) {
  const std::string subject = "Sertifikat terbit \xe2\x80\x94 Dinas Kesehatan";
  ASSERT_TRUE(sender_->Send(Mail(7, "siti@pekalongankota.go.id", subject)).ok());
  clock_.Advance(std::chrono::seconds(61));
  ASSERT_TRUE(sender_->Send(Mail(8, "budi@pekalongankota.go.id", "Uji")).ok());
  for (const std::string& name : Files()) {
    EXPECT_EQ(name[0], '.') << "nothing appears before Flush: " << name;
  }

  ASSERT_TRUE(sender_->Flush().ok());
  ASSERT_EQ(Files(),
            (std::vector<std::string>{"7-20261201T033635Z.eml", "8-20261201T033736Z.eml"}));
  testing::ParsedMail m = testing::ParseMail(Read("7-20261201T033635Z.eml"));
  EXPECT_EQ(m.headers["To"], "siti@pekalongankota.go.id");
  EXPECT_EQ(m.headers["From"], "\"AMS\" <ams@pekalongankota.go.id>");
  EXPECT_EQ(m.headers["Date"], "Tue, 01 Dec 2026 10:36:35 +0700");
  EXPECT_EQ(*testing::DecodeHeader(m.headers["Subject"]), subject);
  EXPECT_EQ(*testing::DecodeQuotedPrintable(m.body),
            "Yth. Bapak/Ibu,\r\n\r\nSertifikat elektronik Anda telah terbit \xe2\x80\x94 silakan "
            "unduh.\r\n");
}

TEST_F(EmlSenderTest, RefusesHeaderInjectionAndWritesNothing) {
  Status s = sender_->Send(Mail(9, "siti@pekalongankota.go.id\r\nBcc: eve@example.com", "Uji"));
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.reason(), "mail_header_injection");
  s = sender_->Send(Mail(10, "siti@pekalongankota.go.id", "Uji\r\nBcc: eve@example.com"));
  EXPECT_EQ(s.reason(), "mail_header_injection");
  EXPECT_TRUE(Files().empty());
}

TEST_F(EmlSenderTest, SameMailTwiceInOneSecondLeavesOneFile) {
  ASSERT_TRUE(sender_->Send(Mail(7, "siti@pekalongankota.go.id", "Uji")).ok());
  ASSERT_TRUE(sender_->Send(Mail(7, "siti@pekalongankota.go.id", "Uji")).ok());
  ASSERT_TRUE(sender_->Flush().ok());
  EXPECT_EQ(Files().size(), 1u);  // and no temporary file left behind
}

TEST_F(EmlSenderTest, AFlushThatCannotPutAMailInPlaceFailsAndLeavesNoTemporaryFile) {
  // Where mail 7 should go stands a folder that is not empty: rename fails.
  fs::create_directories(folder_ + "/7-20261201T033635Z.eml/x");
  ASSERT_TRUE(sender_->Send(Mail(7, "siti@pekalongankota.go.id", "Uji")).ok());
  Status s = sender_->Flush();
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(s.reason(), "eml_write_failed");
  EXPECT_EQ(Files(), (std::vector<std::string>{"7-20261201T033635Z.eml"}));
  EXPECT_TRUE(fs::is_directory(folder_ + "/7-20261201T033635Z.eml"));
  EXPECT_TRUE(sender_->Flush().ok()) << "nothing is left to flush";
}

TEST_F(EmlSenderTest, MailsNeverFlushedLeaveNothingBehind) {
  ASSERT_TRUE(sender_->Send(Mail(7, "siti@pekalongankota.go.id", "Uji")).ok());
  EXPECT_EQ(Files().size(), 1u);  // the temporary file
  sender_.reset();
  EXPECT_TRUE(Files().empty());
}

TEST_F(EmlSenderTest, AMissingFolderIsATransientFailure) {
  fs::remove_all(folder_);
  Status s = sender_->Send(Mail(7, "siti@pekalongankota.go.id", "Uji"));
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(s.reason(), "eml_write_failed");
}

TEST(EmlSenderCreateTest, RefusesABadSender) {
  FakeClock clock(FromUnixSeconds(0));
  auto sender = EmlSender::Create("/tmp/unused-ams-eml", {"not an address", ""}, clock);
  ASSERT_FALSE(sender.ok());
  EXPECT_EQ(sender.status().reason(), "invalid_mail_sender");
}

}  // namespace
}  // namespace ams::notify
