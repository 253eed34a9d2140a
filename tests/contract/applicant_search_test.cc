// AccountService::SearchApplicants on the real engines: what an operator may
// find (their agencies' applicants only), by which fields, and the refusals.
#include <gtest/gtest.h>

#include "auth/account_service.h"
#include "testutil/fresh_store.h"

namespace ams::auth {
namespace {

using testutil::Engine;

class ApplicantSearchTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    AccountOptions options;
    options.hash_limits = PasswordHashLimits::MinimumForTests();
    service_ = std::make_unique<AccountService>(*store_, clock_, random_, options);
    Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(dinkes_, tx.agencies().Create({0, "DINKES", "Dinas Kesehatan"}));
      AMS_ASSIGN_OR_RETURN(bkd_, tx.agencies().Create({0, "BKD", "Badan Keuangan Daerah"}));
      return Status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    AddApplicant("rina@pekalongankota.go.id", "Rina Wulandari, S.E.", "3375016203920002",
                 "199203222017012003", dinkes_);
    AddApplicant("agus@pekalongankota.go.id", "Agus Salim", "3375011005880001",
                 "198805102010011001", bkd_);
    NewAccount bare;  // registered, no identity yet
    bare.email = "baru@pekalongankota.go.id";
    bare.display_name = "Rini Baru";
    bare.password = SecretString("teh-poci-gula-batu");
    ASSERT_TRUE(service_->CreateAccount(Actor::System(), bare).ok());
  }

  void AddApplicant(const std::string& email, const std::string& name, const std::string& nik,
                    const std::string& nip, int64_t agency) {
    NewAccount in;
    in.email = email;
    in.display_name = name;
    in.password = SecretString("teh-poci-gula-batu");
    identity::IdentityData d;
    d.full_name = name;
    d.nik = nik;
    d.nip = nip;
    d.email = email;
    d.agency_id = agency;
    d.position = "Pranata Komputer";
    in.identity = d;
    Result<int64_t> id = service_->CreateAccount(Actor::System(), in);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  }

  Actor Staff(Role role, std::vector<int64_t> agencies = {}) {
    Actor a;
    a.account_id = 999;
    a.role = role;
    a.agencies = std::move(agencies);
    return a;
  }

  std::vector<std::string> Emails(const Actor& actor, const std::string& query) {
    auto found = service_->SearchApplicants(actor, query);
    EXPECT_TRUE(found.ok()) << query << ": " << found.status().ToString();
    std::vector<std::string> out;
    if (found.ok()) {
      for (const ApplicantMatch& m : *found) out.push_back(m.account.email);
    }
    return out;
  }

  FakeClock clock_{FromUnixSeconds(1796096195)};
  SecureRandom random_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AccountService> service_;
  int64_t dinkes_ = 0, bkd_ = 0;
};

TEST_P(ApplicantSearchTest, FindsByNameNipOrEmailCaseInsensitively) {
  const Actor admin = Staff(Role::kAdmin);
  using V = std::vector<std::string>;
  EXPECT_EQ(Emails(admin, "wulandari"), V{"rina@pekalongankota.go.id"}) << "part of the name";
  EXPECT_EQ(Emails(admin, "19920322"), V{"rina@pekalongankota.go.id"}) << "part of the NIP";
  EXPECT_EQ(Emails(admin, "AGUS@"), V{"agus@pekalongankota.go.id"}) << "e-mail, any case";
  EXPECT_EQ(Emails(admin, "rini baru"), V{"baru@pekalongankota.go.id"}) << "not yet registered";
  EXPECT_EQ(Emails(admin, "pekalongankota").size(), 3u);
  EXPECT_TRUE(Emails(admin, "tidak-ada-yang-cocok").empty());
  // LIKE's wildcards in the query are plain characters.
  EXPECT_TRUE(Emails(admin, "%%%").empty());
  EXPECT_TRUE(Emails(admin, "___").empty());
  EXPECT_TRUE(Emails(admin, "\\\\\\").empty());
}

// Case is folded for A-Z only, on both engines alike (PostgreSQL's own
// LOWER() would fold É too, and then find nothing for "ÉLOK": the needle is
// folded in C++, A-Z only).
TEST_P(ApplicantSearchTest, FoldsTheSameCaseOnEveryEngine) {
  AddApplicant("elok@pekalongankota.go.id", "ÉLOK Prameswari", "3375015507950003",
               "199507152019032004", dinkes_);
  const Actor admin = Staff(Role::kAdmin);
  using V = std::vector<std::string>;
  EXPECT_EQ(Emails(admin, "ÉLOK"), V{"elok@pekalongankota.go.id"});
  EXPECT_EQ(Emails(admin, "Élok prames"), V{"elok@pekalongankota.go.id"});
  EXPECT_EQ(Emails(admin, "PRAMESWARI"), V{"elok@pekalongankota.go.id"});
  EXPECT_TRUE(Emails(admin, "élok").empty()) << "É and é are two letters to A-Z folding";
}

TEST_P(ApplicantSearchTest, OperatorsFindOnlyTheirAgencies) {
  const Actor dinkes_operator = Staff(Role::kOperator, {dinkes_});
  EXPECT_EQ(Emails(dinkes_operator, "pekalongankota"),
            std::vector<std::string>{"rina@pekalongankota.go.id"});
  EXPECT_TRUE(Emails(dinkes_operator, "Agus").empty()) << "an applicant of another agency";
  EXPECT_TRUE(Emails(Staff(Role::kOperator), "pekalongankota").empty()) << "no agency assigned";
}

TEST_P(ApplicantSearchTest, RefusesApplicantsAndBadQueries) {
  Actor applicant = Staff(Role::kApplicant);
  EXPECT_EQ(service_->SearchApplicants(applicant, "Rina").status().reason(), "forbidden");
  const Actor admin = Staff(Role::kAdmin);
  EXPECT_EQ(service_->SearchApplicants(admin, " ab ").status().reason(), "query_too_short");
  EXPECT_EQ(service_->SearchApplicants(admin, std::string(101, 'a')).status().reason(),
            "query_too_long");
}

INSTANTIATE_TEST_SUITE_P(Engines, ApplicantSearchTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams::auth
