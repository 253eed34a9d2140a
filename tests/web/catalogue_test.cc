#include "web/i18n/catalogue.h"

#include <gtest/gtest.h>

namespace ams::web::i18n {
namespace {

constexpr char kBase[] = R"({"err_unknown":"galat","err_unknown_hint":"coba lagi"})";
constexpr char kBaseEn[] = R"({"err_unknown":"error","err_unknown_hint":"try again"})";

TEST(CatalogueTest, MergesTheFilesOfEachLanguage) {
  Result<Catalogue> c = Catalogue::FromJsonParts({kBase, R"({"queue":"Antrean"})"},
                                                 {R"({"queue":"Queue"})", kBaseEn});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->Text(Lang::kId, "queue"), "Antrean");
  EXPECT_EQ(c->Text(Lang::kEn, "queue"), "Queue");
  EXPECT_EQ(c->Text(Lang::kEn, "err_unknown"), "error");
}

TEST(CatalogueTest, RefusesAKeyDefinedInTwoFilesOfOneLanguage) {
  Result<Catalogue> c = Catalogue::FromJsonParts({kBase, R"({"err_unknown":"lain"})"}, {kBaseEn});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().reason(), "catalogue_invalid");
  EXPECT_NE(c.status().detail().find("err_unknown defined twice"), std::string::npos);
}

TEST(CatalogueTest, RefusesAKeyOnlyOneLanguageHas) {
  Result<Catalogue> c = Catalogue::FromJsonParts({kBase, R"({"queue":"Antrean"})"}, {kBaseEn});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().detail().find("en lacks queue"), std::string::npos);
}

}  // namespace
}  // namespace ams::web::i18n
