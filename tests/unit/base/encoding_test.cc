#include "base/encoding.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "base/random.h"
#include "base/status.h"

namespace ams {
namespace {

TEST(EncodingTest, HexRoundTrips) {
  std::vector<uint8_t> bytes = {0x00, 0x7f, 0x80, 0xff};
  EXPECT_EQ(HexEncode(bytes), "007f80ff");
  auto back = HexDecode("007f80ff");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, bytes);
  EXPECT_FALSE(HexDecode("0").has_value()) << "odd length";
  EXPECT_FALSE(HexDecode("zz").has_value()) << "not hex";
}

TEST(EncodingTest, PercentEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("Surat-Keputusan_2026.v1~a"), "Surat-Keputusan_2026.v1~a");
  EXPECT_EQ(PercentEncode("a b/c?d=e&f%"), "a%20b%2Fc%3Fd%3De%26f%25");
  EXPECT_EQ(PercentEncode("\"\r\n"), "%22%0D%0A") << "no header or line injection";
  EXPECT_EQ(PercentEncode("é"), "%C3%A9") << "UTF-8 bytes, upper-case hex";
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(EncodingTest, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(EncodingTest, Base64RoundTripsAndRejectsGarbage) {
  EXPECT_EQ(Base64Encode("hello"), "aGVsbG8=");
  EXPECT_EQ(Base64Decode("aGVsbG8="), std::optional<std::string>("hello"));
  EXPECT_FALSE(Base64Decode("!!!").has_value());
}

TEST(RandomTest, TokensAreUrlSafeAndDistinct) {
  SecureRandom random;
  std::string a = random.Token(32), b = random.Token(32);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
}

TEST(ClockTest, FormatsUtcAndWib) {
  TimePoint t = FromUnixSeconds(1796096195);  // 2026-12-01T03:36:35Z
  EXPECT_EQ(FormatUtc(t), "2026-12-01T03:36:35Z");
  EXPECT_EQ(FormatWib(t), "2026-12-01 10:36 WIB");
}

TEST(StatusTest, CarriesCodeReasonAndDetail) {
  Status s = Status::Conflict("request_not_submitted", "state=approved");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.ToString(), "conflict/request_not_submitted: state=approved");
  EXPECT_TRUE(Status().ok());
}

TEST(PemEncodeTest, WrapsBase64AtSixtyFourCharactersBetweenTheLabels) {
  const std::string der(49, '\xff');  // 68 base64 characters: one full line and four.
  const std::string pem = PemEncode(der, "CERTIFICATE");
  const std::string b64 = Base64Encode(der);
  ASSERT_EQ(b64.size(), 68u);
  EXPECT_EQ(pem, "-----BEGIN CERTIFICATE-----\n" + b64.substr(0, 64) + "\n" + b64.substr(64) +
                     "\n-----END CERTIFICATE-----\n");
  EXPECT_EQ(PemEncode("", "X509 CRL"), "-----BEGIN X509 CRL-----\n-----END X509 CRL-----\n");
  // 48 bytes are exactly one line: no empty line before the end.
  EXPECT_EQ(PemEncode(std::string(48, 'a'), "X").find("\n\n"), std::string::npos);
}

}  // namespace
}  // namespace ams
