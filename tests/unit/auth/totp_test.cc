#include "auth/totp.h"

#include <gtest/gtest.h>

#include "unit/auth/fixed_random.h"

namespace ams::auth {
namespace {

const TotpSecret kRfcSecret(std::vector<uint8_t>{'1', '2', '3', '4', '5', '6', '7', '8', '9', '0',
                                                 '1', '2', '3', '4', '5', '6', '7', '8', '9', '0'});
const TotpOptions kEightDigits{.digits = 8};

// RFC 6238 Appendix B, the SHA-1 rows.
TEST(TotpTest, MatchesRfc6238Vectors) {
  static const struct {
    int64_t unix_seconds;
    const char* code;
  } kCases[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& c : kCases) {
    const int64_t step = c.unix_seconds / 30;
    Result<std::string> code = TotpCodeAt(kRfcSecret, step, kEightDigits);
    ASSERT_TRUE(code.ok()) << "T=" << c.unix_seconds << ": " << code.status().ToString();
    EXPECT_EQ(*code, c.code) << "T=" << c.unix_seconds;

    // system_clock counts nanoseconds in 64 bits and ends in 2262, so the
    // year-2603 vector is checked through the step only.
    if (c.unix_seconds > 9'000'000'000) continue;
    const TimePoint t = FromUnixSeconds(c.unix_seconds);
    EXPECT_EQ(TotpStep(t, kEightDigits), step) << "T=" << c.unix_seconds;
    Result<int64_t> verified = VerifyTotp(kRfcSecret, c.code, t, -1, kEightDigits);
    ASSERT_TRUE(verified.ok()) << "T=" << c.unix_seconds << ": " << verified.status().ToString();
    EXPECT_EQ(*verified, step) << "T=" << c.unix_seconds;
  }
}

// RFC 4226 Appendix D: TOTP is HOTP over the step counter, six digits.
TEST(TotpTest, MatchesRfc4226HotpVectors) {
  static const char* const kCodes[] = {"755224", "287082", "359152", "969429", "338314",
                                       "254676", "287922", "162583", "399871", "520489"};
  for (int64_t counter = 0; counter < 10; ++counter) {
    Result<std::string> code = TotpCodeAt(kRfcSecret, counter);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(*code, kCodes[counter]) << "counter " << counter;
  }
}

TEST(TotpTest, AcceptsOneStepOfDriftEitherWay) {
  const TimePoint now = FromUnixSeconds(1'800'000'000);
  const int64_t current = TotpStep(now);
  static const struct {
    int offset;
    bool accepted;
    const char* why;
  } kCases[] = {
      {-2, false, "two steps old"}, {-1, true, "one step old"},    {0, true, "current"},
      {1, true, "one step ahead"},  {2, false, "two steps ahead"},
  };
  for (const auto& c : kCases) {
    Result<std::string> code = TotpCodeAt(kRfcSecret, current + c.offset);
    ASSERT_TRUE(code.ok());
    Result<int64_t> step = VerifyTotp(kRfcSecret, *code, now, 0);
    EXPECT_EQ(step.ok(), c.accepted) << c.why;
    if (step.ok()) {
      EXPECT_EQ(*step, current + c.offset) << c.why;
    } else {
      EXPECT_EQ(step.status().reason(), "totp_invalid") << c.why;
    }
  }
}

TEST(TotpTest, RejectsReplayOfAUsedStep) {
  const TimePoint now = FromUnixSeconds(1'800'000'000);
  Result<std::string> code = TotpCodeAt(kRfcSecret, TotpStep(now));
  ASSERT_TRUE(code.ok());

  Result<int64_t> first = VerifyTotp(kRfcSecret, *code, now, 0);
  ASSERT_TRUE(first.ok());
  Result<int64_t> again = VerifyTotp(kRfcSecret, *code, now + std::chrono::seconds(10), *first);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().reason(), "totp_replayed");
  EXPECT_EQ(again.status().code(), Code::kUnauthenticated);

  // An older code inside the window is refused once a newer step was used.
  Result<std::string> older = TotpCodeAt(kRfcSecret, TotpStep(now) - 1);
  ASSERT_TRUE(older.ok());
  Result<int64_t> late = VerifyTotp(kRfcSecret, *older, now, *first);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().reason(), "totp_replayed");

  // The next step's code is fine.
  const TimePoint next = now + std::chrono::seconds(30);
  Result<std::string> fresh = TotpCodeAt(kRfcSecret, TotpStep(next));
  ASSERT_TRUE(fresh.ok());
  Result<int64_t> ok = VerifyTotp(kRfcSecret, *fresh, next, *first);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, *first + 1);
}

TEST(TotpTest, RejectsMalformedCodes) {
  const TimePoint now = FromUnixSeconds(59);
  static const struct {
    const char* code;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"28708", "five digits"},
      {"2870822", "seven digits"},
      {"28708a", "letter"},
      {"-287082", "sign"},
      {"287082\n", "newline"},
      {"287'--", "SQL metacharacters"},
      {"000000", "wrong code"},
  };
  for (const auto& c : kCases) {
    Result<int64_t> step = VerifyTotp(kRfcSecret, c.code, now, -1);
    ASSERT_FALSE(step.ok()) << c.why;
    EXPECT_EQ(step.status().reason(), "totp_invalid") << c.why;
  }
  // 287082 is HOTP counter 1, the step of T=59 (RFC 4226 vector); spaces are ignored.
  EXPECT_TRUE(VerifyTotp(kRfcSecret, "287 082", now, -1).ok()) << "space between groups";
}

TEST(TotpTest, GeneratesTwentyByteSecrets) {
  testing::FixedRandom random(1);
  TotpSecret secret = GenerateTotpSecret(random);
  EXPECT_EQ(secret.reveal().size(), 20u);
  SecureRandom secure;
  EXPECT_NE(GenerateTotpSecret(secure).reveal(), GenerateTotpSecret(secure).reveal());
}

TEST(TotpTest, EncodesSecretsAsBase32AndHex) {
  EXPECT_EQ(TotpSecretToBase32(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  // RFC 4648 §10 vectors, without padding.
  static const struct {
    const char* in;
    const char* out;
  } kCases[] = {{"", ""},
                {"f", "MY"},
                {"fo", "MZXQ"},
                {"foo", "MZXW6"},
                {"foob", "MZXW6YQ"},
                {"fooba", "MZXW6YTB"},
                {"foobar", "MZXW6YTBOI"}};
  for (const auto& c : kCases) {
    const std::string in = c.in;
    EXPECT_EQ(TotpSecretToBase32(TotpSecret(std::vector<uint8_t>(in.begin(), in.end()))), c.out)
        << c.in;
  }

  const std::string hex = TotpSecretToHex(kRfcSecret);
  EXPECT_EQ(hex, "3132333435363738393031323334353637383930");
  Result<TotpSecret> back = TotpSecretFromHex(hex);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->reveal(), kRfcSecret.reveal());
  EXPECT_EQ(TotpSecretFromHex("zz").status().reason(), "invalid_totp_secret");
  EXPECT_EQ(TotpSecretFromHex("0011").status().reason(), "invalid_totp_secret") << "too short";
}

TEST(TotpTest, BuildsAnOtpauthUri) {
  EXPECT_EQ(TotpUri("AMS", "siti@pekalongankota.go.id", kRfcSecret),
            "otpauth://totp/AMS:siti@pekalongankota.go.id?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=AMS&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(TotpUri("AMS Kota Pekalongan", "a+b&c@x.id", kRfcSecret, kEightDigits),
            "otpauth://totp/AMS%20Kota%20Pekalongan:a%2Bb%26c@x.id?secret="
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=AMS%20Kota%20Pekalongan&algorithm=SHA1"
            "&digits=8&period=30");
}

}  // namespace
}  // namespace ams::auth
