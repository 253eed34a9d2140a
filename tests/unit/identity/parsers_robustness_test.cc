// Random input against every identity parser: none may crash (the sanitizer
// build catches reads past the end), and whatever is accepted must be a
// fixed point: parsing the canonical value again gives the same value.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "identity/bounded_text.h"
#include "identity/email.h"
#include "identity/nik.h"
#include "identity/nip.h"
#include "identity/person_name.h"
#include "identity/phone.h"

namespace ams::identity {
namespace {

// Pieces that exercise the parsers' edges: digits, separators, quotes, '@',
// and UTF-8 fragments (valid, truncated, overlong, bidi).
const std::string kPieces[] = {
    "0",
    "1",
    "3",
    "8",
    "9",
    "62",
    "+",
    "-",
    ".",
    ",",
    "'",
    " ",
    "\t",
    "\n",
    "@",
    "a",
    "Z",
    "go",
    ".id",
    "siti",
    "\xc3\xa9",
    "\xc3",
    "\xc0\xaf",
    "\xe2\x80\xae",
    "\xef\xbc\x91",
    "\xf0\x9f\x98\x80",
    std::string("\0", 1),
    ";",
    "\"",
    "<",
};

std::string RandomInput(std::mt19937& rng) {
  std::uniform_int_distribution<size_t> count(0, 24);
  std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
  std::string s;
  for (size_t n = count(rng); n > 0; --n) s += kPieces[pick(rng)];
  return s;
}

std::string RandomDigits(std::mt19937& rng, size_t n) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + digit(rng)));
  return s;
}

TEST(ParsersRobustnessTest, RandomInputNeverCrashesAndAcceptedValuesAreFixedPoints) {
  std::mt19937 rng(20261127);  // fixed: a failure must reproduce
  for (int i = 0; i < 20000; ++i) {
    const std::string in = RandomInput(rng);
    if (Result<Email> e = Email::Parse(in); e.ok()) {
      Result<Email> again = Email::Parse(e->value());
      ASSERT_TRUE(again.ok()) << in;
      EXPECT_EQ(again->value(), e->value()) << in;
    }
    if (Result<PersonName> n = PersonName::Parse(in); n.ok()) {
      Result<PersonName> again = PersonName::Parse(n->value());
      ASSERT_TRUE(again.ok()) << in;
      EXPECT_EQ(again->value(), n->value()) << in;
    }
    if (Result<Phone> p = Phone::Parse(in); p.ok()) {
      Result<Phone> again = Phone::Parse(p->e164());
      ASSERT_TRUE(again.ok()) << in;
      EXPECT_EQ(again->e164(), p->e164()) << in;
      EXPECT_EQ(Phone::Parse(p->national())->e164(), p->e164()) << in;
    }
    if (Result<std::string> t = ParseBoundedText("unit", in); t.ok()) {
      EXPECT_EQ(*ParseBoundedText("unit", *t), *t) << in;
    }
    EXPECT_FALSE(Nik::Parse(in).ok() && in.size() != 16) << in;
    EXPECT_FALSE(Nip::Parse(in).ok() && in.size() != 18) << in;
  }
}

TEST(ParsersRobustnessTest, RandomDigitStringsDecodeConsistently) {
  std::mt19937 rng(3375);
  int niks = 0, nips = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string nik_text = RandomDigits(rng, 16);
    if (Result<Nik> nik = Nik::Parse(nik_text); nik.ok()) {
      ++niks;
      EXPECT_GE(nik->birth_day(), 1) << nik_text;
      EXPECT_LE(nik->birth_day(), 31) << nik_text;
      EXPECT_GE(nik->birth_month(), 1) << nik_text;
      EXPECT_LE(nik->birth_month(), 12) << nik_text;
      EXPECT_GE(nik->province_code(), 11) << nik_text;
      EXPECT_LE(nik->province_code(), 94) << nik_text;
      EXPECT_GE(nik->sequence(), 1) << nik_text;
    }
    // "19"/"20" first, or almost no NIP would have a birth year from 1900.
    const std::string nip_text = (rng() % 2 ? "19" : "20") + RandomDigits(rng, 16);
    if (Result<Nip> nip = Nip::Parse(nip_text); nip.ok()) {
      ++nips;
      EXPECT_GE(nip->birth_year(), 1900) << nip_text;
      EXPECT_LT(nip->birth_year() * 12 + nip->birth_month(),
                nip->appointment_year() * 12 + nip->appointment_month())
          << nip_text;
    }
  }
  // Sanity of the generator, not of the parsers: some of each must pass.
  EXPECT_GT(niks, 100);
  EXPECT_GT(nips, 10);
}

}  // namespace
}  // namespace ams::identity
