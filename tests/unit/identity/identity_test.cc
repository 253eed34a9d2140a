#include "identity/identity.h"

#include <gtest/gtest.h>

namespace ams::identity {
namespace {

IdentityData ValidData() {
  IdentityData d;
  d.full_name = "Dr. Siti Rahmawati, S.Kom., M.T.";
  d.nik = "3375015205850002";
  d.nip = "198505122010012001";
  d.email = "siti@pekalongankota.go.id";
  d.phone = "081234567890";
  d.agency_id = 1;
  d.unit = "Bidang Persandian dan Statistik";
  d.position = "Kepala Bidang Persandian dan Statistik";
  return d;
}

TEST(IdentityDataTest, ValidDataPasses) {
  Status s = ValidData().Validate();
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(IdentityDataTest, OptionalFieldsMayBeEmpty) {
  IdentityData d = ValidData();
  d.phone.clear();
  d.unit.clear();
  Status s = d.Validate();
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(IdentityDataTest, ReportsTheFailingFieldAndItsReason) {
  static const struct {
    void (*mutate)(IdentityData&);
    const char* reason;
    const char* field;
    const char* why;
  } kCases[] = {
      {[](IdentityData& d) { d.full_name = ""; }, "invalid_name", "full_name", "empty name"},
      {[](IdentityData& d) { d.full_name = "Siti <b>"; }, "invalid_name", "full_name", "HTML"},
      {[](IdentityData& d) { d.nik = "1234"; }, "invalid_nik", "nik", "short NIK"},
      {[](IdentityData& d) { d.nik = ""; }, "invalid_nik", "nik", "missing NIK"},
      {[](IdentityData& d) { d.nip = "198502302010012001"; }, "invalid_nip", "nip", "NIP 30 Feb"},
      {[](IdentityData& d) { d.nip = ""; }, "invalid_nip", "nip", "missing NIP"},
      {[](IdentityData& d) { d.email = "siti"; }, "invalid_email", "email", "no @"},
      {[](IdentityData& d) { d.phone = "12345"; }, "invalid_phone", "phone", "bad phone"},
      {[](IdentityData& d) { d.agency_id = 0; }, "invalid_agency", "agency_id", "no agency"},
      {[](IdentityData& d) { d.agency_id = -5; }, "invalid_agency", "agency_id", "negative id"},
      {[](IdentityData& d) { d.unit = "a\nb"; }, "invalid_text", "unit", "newline in unit"},
      {[](IdentityData& d) { d.position = ""; }, "invalid_text", "position", "missing position"},
      {[](IdentityData& d) { d.position = std::string(129, 'p'); }, "invalid_text", "position",
       "overlong position"},
      {[](IdentityData& d) {
         d.nik = "x";
         d.email = "y";
       },
       "invalid_nik", "nik", "several bad fields: the first in declaration order wins"},
  };
  for (const auto& c : kCases) {
    IdentityData d = ValidData();
    c.mutate(d);
    Status s = d.Validate();
    ASSERT_FALSE(s.ok()) << c.why;
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << c.why;
    EXPECT_EQ(s.reason(), c.reason) << c.why;
    EXPECT_EQ(s.detail().rfind(std::string(c.field) + ": ", 0), 0u)
        << c.why << ": detail should start with the field, got " << s.detail();
  }
}

TEST(IdentityDataTest, NormaliseCanonicalisesEveryField) {
  IdentityData d = ValidData();
  d.full_name = "  Dr. Siti Rahmawati, S.Kom., M.T. ";
  d.email = " Siti@PekalonganKota.GO.ID";
  d.phone = "+62 812-3456-7890";
  d.position = " Kepala Bidang Persandian dan Statistik\t";
  Result<IdentityData> n = Normalise(d);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->full_name, "Dr. Siti Rahmawati, S.Kom., M.T.");
  EXPECT_EQ(n->email, "Siti@pekalongankota.go.id");
  EXPECT_EQ(n->phone, "+6281234567890");
  EXPECT_EQ(n->position, "Kepala Bidang Persandian dan Statistik");
  EXPECT_EQ(n->nik, d.nik);
  EXPECT_EQ(n->agency_id, 1);
  EXPECT_TRUE(ChangedFields(*n, *Normalise(*n)).empty()) << "Normalise is idempotent";
}

TEST(IdentityDataTest, WarningsFlagInconsistenciesWithoutFailing) {
  const std::vector<std::string> official = {"pekalongankota.go.id"};
  EXPECT_TRUE(ValidData().Warnings(official).empty());

  IdentityData d = ValidData();
  d.nik = "3375011305850002";  // a man born on the 13th; the NIP says a woman, the 12th
  d.email = "siti@gmail.com";
  EXPECT_TRUE(d.Validate().ok()) << "warnings are not errors";
  EXPECT_EQ(d.Warnings(official),
            (std::vector<std::string>{"nik_nip_birth_date_mismatch", "nik_nip_gender_mismatch",
                                      "email_not_official"}));
  EXPECT_EQ(d.Warnings({}),
            (std::vector<std::string>{"nik_nip_birth_date_mismatch", "nik_nip_gender_mismatch"}))
      << "no official domains configured: no e-mail warning";
}

TEST(IdentityDataTest, ChangedFieldsListsDifferencesInOrder) {
  const IdentityData a = ValidData();
  EXPECT_TRUE(ChangedFields(a, a).empty());

  IdentityData b = a;
  b.position = "Sekretaris";
  b.agency_id = 2;
  b.full_name = "Siti Rahmawati";
  EXPECT_EQ(ChangedFields(a, b), (std::vector<std::string>{"full_name", "agency_id", "position"}));

  IdentityData all;
  EXPECT_EQ(ChangedFields(a, all), IdentityFieldNames()) << "every field differs";
}

TEST(IdentityVersionTest, IsAPlainValue) {
  IdentityVersion v;
  v.id = 7;
  v.user_id = 3;
  v.version = 2;
  v.data = ValidData();
  v.created_at = FromUnixSeconds(1'700'000'000);
  v.created_by = 9;
  v.verified = true;
  IdentityVersion copy = v;
  EXPECT_EQ(copy, v);
  copy.data.unit = "Sekretariat";
  EXPECT_NE(copy, v);
}

}  // namespace
}  // namespace ams::identity
