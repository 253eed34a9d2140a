#include "identity/person_name.h"

#include <gtest/gtest.h>

namespace ams::identity {
namespace {

TEST(PersonNameTest, AcceptsNamesAsWritten) {
  static const struct {
    std::string input;
    std::string value;
    const char* why;
  } kCases[] = {
      {"Sukarno", "Sukarno", "single word"},
      {"Siti Rahmawati", "Siti Rahmawati", "two words"},
      {"Dr. Siti Rahmawati, S.Kom., M.T.", "Dr. Siti Rahmawati, S.Kom., M.T.", "academic titles"},
      {"Prof. Dr. Ir. H. Ahmad Fauzi, M.Sc.", "Prof. Dr. Ir. H. Ahmad Fauzi, M.Sc.", "many titles"},
      {"  Budi Santoso \t", "Budi Santoso", "outer whitespace trimmed"},
      {"Budi  Santoso", "Budi  Santoso", "inner double space kept"},
      {"Ma'ruf Amin", "Ma'ruf Amin", "apostrophe"},
      {"Ma\u2019ruf Amin", "Ma\u2019ruf Amin", "typographic apostrophe"},
      {"Jean-Pierre", "Jean-Pierre", "hyphen"},
      {"bambang pamungkas", "bambang pamungkas", "lower case kept"},
      {"Fran\u00e7ois M\u00fcller", "Fran\u00e7ois M\u00fcller", "Latin-1 letters"},
      {"Nguy\u1ec5n V\u0103n An", "Nguy\u1ec5n V\u0103n An", "Vietnamese"},
      {"Jose\u0301", "Jose\u0301", "combining acute accent"},
      {"\u0639\u0628\u062f \u0627\u0644\u0644\u0647", "\u0639\u0628\u062f \u0627\u0644\u0644\u0647",
       "Arabic"},
      {"\ua9a0\ua9ba\ua9b4", "\ua9a0\ua9ba\ua9b4", "Javanese script with vowel signs"},
      {"\u738b\u5c0f\u660e", "\u738b\u5c0f\u660e", "Chinese"},
      {"\u0421\u0435\u0440\u0433\u0435\u0439", "\u0421\u0435\u0440\u0433\u0435\u0439", "Cyrillic"},
      {"A", "A", "one letter"},
      {std::string(128, 'a'), std::string(128, 'a'), "128 ASCII letters"},
      {[] {
         std::string s;
         for (int i = 0; i < 128; ++i) s += "\u00e9";
         return s;
       }(),
       [] {
         std::string s;
         for (int i = 0; i < 128; ++i) s += "\u00e9";
         return s;
       }(),
       "128 two-byte letters: the limit counts code points, not bytes"},
  };
  for (const auto& c : kCases) {
    Result<PersonName> name = PersonName::Parse(c.input);
    ASSERT_TRUE(name.ok()) << c.why << ": " << name.status().ToString();
    EXPECT_EQ(name->value(), c.value) << c.why;
  }
}

TEST(PersonNameTest, RejectsWhatIsNotAName) {
  std::string too_long_multibyte;
  for (int i = 0; i < 129; ++i) too_long_multibyte += "\u00e9";
  static const struct {
    std::string input;
    const char* why;
  } kCases[] = {
      {"", "empty"},
      {"   ", "only spaces"},
      {"...", "no letter"},
      {"-", "only a hyphen"},
      {"Budi 2", "digit"},
      {"Budi Santoso 3rd", "digits in an ordinal"},
      {"<script>alert(1)</script>", "HTML"},
      {"Budi; DROP TABLE users", "SQL metacharacter ;"},
      {"Robert'); DROP TABLE students;--", "Bobby Tables"},
      {"Budi \"Bud\" Santoso", "double quotes"},
      {"Budi\tSantoso", "inner tab"},
      {"Budi\nSantoso", "inner newline"},
      {std::string("Budi\0Santoso", 12), "NUL byte"},
      {"Budi@Santoso", "@"},
      {"Budi_Santoso", "underscore"},
      {"Budi (Santoso)", "parentheses"},
      {"Budi/Santoso", "slash"},
      {"Budi\u00a0Santoso", "no-break space"},
      {"Budi\u00d7Santoso", "multiplication sign"},
      {"Budi \u0661\u0662", "Arabic-Indic digits"},
      {"Budi \uff11", "fullwidth digit"},
      {"Budi\u200bSantoso", "zero-width space"},
      {"Budi\u202eSantoso", "right-to-left override"},
      {"Budi\u2066Santoso", "left-to-right isolate"},
      {"\ufeffBudi", "byte-order mark"},
      {"Budi \u201cBud\u201d", "typographic double quotes"},
      {"Budi \U0001F600", "emoji"},
      {"Budi \ue000", "private use"},
      {"\U0001D400udi", "mathematical bold capital A (look-alike)"},
      {"Budi\xc3", "truncated UTF-8"},
      {"Budi\xc0\xafSantoso", "overlong UTF-8 for '/'"},
      {"Budi\xed\xa0\x80", "UTF-8-encoded surrogate"},
      {"Budi\xff", "byte 0xFF"},
      {"Budi\xc2\x85", "C1 control NEL"},
      {std::string(129, 'a'), "129 letters"},
      {too_long_multibyte, "129 two-byte letters"},
  };
  for (const auto& c : kCases) {
    Result<PersonName> name = PersonName::Parse(c.input);
    ASSERT_FALSE(name.ok()) << c.why;
    EXPECT_EQ(name.status().reason(), "invalid_name") << c.why;
    EXPECT_EQ(name.status().code(), Code::kInvalidArgument) << c.why;
  }
}

}  // namespace
}  // namespace ams::identity
