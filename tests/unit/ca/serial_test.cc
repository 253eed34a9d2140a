#include "ca/serial.h"

#include <gtest/gtest.h>

#include <set>

namespace ams::ca {
namespace {

// Returns the same byte pattern every time: the worst case for the rules.
class FixedRandom final : public Random {
 public:
  explicit FixedRandom(uint8_t byte) : byte_(byte) {}
  void Fill(uint8_t* out, size_t n) override { std::fill(out, out + n, byte_); }

 private:
  uint8_t byte_;
};

TEST(SerialTest, IsPositiveSixteenOctetsWhateverTheRandomBytes) {
  for (uint8_t byte : {0x00, 0x7f, 0x80, 0xff}) {
    FixedRandom random(byte);
    std::vector<uint8_t> serial = NewSerial(random);
    ASSERT_EQ(serial.size(), 16u);
    EXPECT_NE(serial[0], 0) << int{byte};
    EXPECT_EQ(serial[0] & 0x80, 0) << int{byte};
    ossl::Asn1IntegerPtr asn1 = SerialToAsn1(serial);
    EXPECT_EQ(ASN1_STRING_type(asn1.get()), V_ASN1_INTEGER) << "positive";
    // DER: tag, length 16, 16 content octets.
    EXPECT_EQ(i2d_ASN1_INTEGER(asn1.get(), nullptr), 18) << int{byte};
    EXPECT_EQ(SerialHex(asn1.get()), SerialHex(serial));
  }
}

TEST(SerialTest, RandomSerialsDiffer) {
  SecureRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(SerialHex(NewSerial(random)));
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(SerialTest, HexIsCanonical) {
  EXPECT_EQ(SerialHex(std::vector<uint8_t>{0x00, 0x00, 0x12, 0xab}), "12ab");
  EXPECT_EQ(SerialHex(std::vector<uint8_t>{0x00}), "00");
  Result<std::vector<uint8_t>> parsed = ParseSerialHex("0012AB");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, (std::vector<uint8_t>{0x12, 0xab}));
  Result<std::vector<uint8_t>> odd = ParseSerialHex("abc");
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(SerialHex(*odd), "0abc");
}

TEST(SerialTest, RejectsBadHex) {
  static const struct {
    const char* input;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"xyz1", "not hex"},
      {"12 34", "space"},
      {"80000000000000000000000000000000000000", "19 octets + sign pad is fine"},
      {"8000000000000000000000000000000000000000", "20 octets + sign pad = 21"},
      {"010000000000000000000000000000000000000000", "21 octets"},
  };
  for (const auto& c : kCases) {
    Result<std::vector<uint8_t>> r = ParseSerialHex(c.input);
    if (std::string(c.why).find("fine") != std::string::npos) {
      EXPECT_TRUE(r.ok()) << c.why;
      continue;
    }
    ASSERT_FALSE(r.ok()) << c.why;
    EXPECT_EQ(r.status().reason(), "serial_malformed") << c.why;
  }
}

}  // namespace
}  // namespace ams::ca
