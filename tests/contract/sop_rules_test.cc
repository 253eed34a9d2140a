// The rules of the data change SOP (SOP.md steps 1-7, DESIGN.md "Requests")
// as RequestService keeps them, on both engines: who decides, what a decision
// needs, how a resubmission links, one open request at a time, and the last
// required revocation completing the request. Each refusal changes nothing.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "ca/hierarchy.h"
#include "ca/ossl/util.h"
#include "testutil/applicant.h"
#include "testutil/fresh_store.h"
#include "workflow/certificates/certificate_service.h"
#include "workflow/requests/request_service.h"

namespace ams {
namespace {

using testutil::Engine;
using workflow::Request;
using workflow::RequestState;

const ca::CaHierarchy& Hierarchy() {
  static const ca::CaHierarchy* h = [] {
    SystemClock clock;
    SecureRandom random;
    return new ca::CaHierarchy(*ca::CaHierarchy::Create({}, clock, random));
  }();
  return *h;
}

std::string P256Csr() {
  ca::ossl::PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  ca::ossl::X509ReqPtr req(X509_REQ_new());
  X509_REQ_set_pubkey(req.get(), key.get());
  X509_REQ_sign(req.get(), key.get(), EVP_sha256());
  return ca::ossl::ToDer(i2d_X509_REQ, req.get());
}

class SopRulesTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    Result<testutil::Applicant> siti = testutil::AddApplicant(*store_, {.created_at = clock_.Now()});
    ASSERT_TRUE(siti.ok()) << siti.status().ToString();
    Result<testutil::Applicant> budi = testutil::AddApplicant(
        *store_, {.email = "budi@pekalongankota.go.id",
                  .full_name = "Budi Santoso",
                  .nik = "3375010101850002",
                  .nip = "198501012010011002",
                  .agency_code = "BPKAD",
                  .agency_name = "BPKAD",
                  .created_at = clock_.Now()});
    ASSERT_TRUE(budi.ok()) << budi.status().ToString();
    applicant_.account_id = siti->account_id;
    applicant_.email = "siti@pekalongankota.go.id";
    other_applicant_.account_id = budi->account_id;
    other_applicant_.email = "budi@pekalongankota.go.id";
    operator_ = Staff("op@pekalongankota.go.id", auth::Role::kOperator, {siti->agency_id});
    other_operator_ =
        Staff("op.bpkad@pekalongankota.go.id", auth::Role::kOperator, {budi->agency_id});
    admin_ = Staff("admin@pekalongankota.go.id", auth::Role::kAdmin, {});
    auditor_ = Staff("audit@pekalongankota.go.id", auth::Role::kAuditor, {});
    workflow::RequestOptions options;
    options.min_documents = 0;  // documents are the e2e suite's concern
    requests_ = std::make_unique<workflow::RequestService>(*store_, clock_, options);
    workflow::CertificateOptions cert_options;
    cert_options.profile.crl_url = "http://ams.test/crl/issuing.crl";
    cert_options.profile.ocsp_url = "http://ams.test/ocsp";
    cert_options.profile.ca_issuers_url = "http://ams.test/ca/issuing.crt";
    certificates_ = std::make_unique<workflow::CertificateService>(
        *store_, clock_, *ca::Issuer::Create(Hierarchy().issuing(), random_),
        *ca::OcspResponder::Create(Hierarchy().ocsp(), Hierarchy().issuing()),
        Hierarchy().issuing(), cert_options);
    certificates_->SetHooks(requests_.get());
  }

  auth::Actor Staff(const std::string& email, auth::Role role, std::vector<int64_t> agencies) {
    int64_t id = 0;
    EXPECT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
      auth::Account a;
      a.email = email;
      a.display_name = email.substr(0, email.find('@'));
      a.password_hash = "$argon2id$fake";
      a.role = role;
      a.created_at = clock_.Now();
      AMS_ASSIGN_OR_RETURN(id, tx.accounts().Create(a));
      return Status();
    }).ok());
    auth::Actor staff;
    staff.account_id = id;
    staff.email = email;
    staff.role = role;
    staff.agencies = std::move(agencies);
    return staff;
  }

  Request Submit(const auth::Actor& who, const std::string& position) {
    Result<Request> r = requests_->SubmitDataChange(who, {{"position", position}}, {}, "");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Request{};
  }

  // What a refusal must leave as it was: the request and the audit log.
  struct Snapshot {
    RequestState state;
    int64_t version;
    std::optional<int64_t> claimed_by;
    int64_t audit_records;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot Take(int64_t id) {
    Snapshot s{};
    EXPECT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(Request r, tx.requests().Find(id));
      s.state = r.state;
      s.version = r.version;
      s.claimed_by = r.claimed_by;
      return Status();
    }).ok());
    store::AuditHead head;
    EXPECT_TRUE(store_->ScanAudit([&](const audit::AuditRecord&) {
      ++s.audit_records;
      return true;
    }, &head).ok());
    return s;
  }

  // Claim, approve and reject by `who` are all refused with `reason`, and
  // nothing changed.
  void ExpectNoDecisionBy(const auth::Actor& who, int64_t id, const std::string& reason) {
    const Snapshot before = Take(id);
    EXPECT_EQ(requests_->Claim(who, id, std::nullopt).status().reason(), reason) << who.email;
    EXPECT_EQ(requests_->Approve(who, id, std::nullopt).status().reason(), reason) << who.email;
    EXPECT_EQ(requests_->Reject(who, id, "tidak sesuai", std::nullopt).status().reason(), reason)
        << who.email;
    EXPECT_TRUE(Take(id) == before) << who.email << " changed the request or the log";
  }

  SystemClock clock_;
  SecureRandom random_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<workflow::RequestService> requests_;
  std::unique_ptr<workflow::CertificateService> certificates_;
  auth::Actor applicant_, other_applicant_, operator_, other_operator_, admin_, auditor_;
};

// SOP step 2 is the operator's: an operator of the applicant's agency, or an
// admin. Not another agency's operator, not an auditor, never the applicant.
TEST_P(SopRulesTest, OnlyAnOperatorOfTheAgencyOrAnAdminDecides) {
  const Request r = Submit(applicant_, "Kepala Seksi");
  ExpectNoDecisionBy(other_operator_, r.id, "request_not_found");  // cannot even see it
  ExpectNoDecisionBy(auditor_, r.id, "forbidden");
  ExpectNoDecisionBy(other_applicant_, r.id, "request_not_found");

  Result<Request> claimed_by_operator = requests_->Claim(operator_, r.id, std::nullopt);
  ASSERT_TRUE(claimed_by_operator.ok()) << claimed_by_operator.status().ToString();
  Result<Request> approved = requests_->Approve(operator_, r.id, std::nullopt);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->decided_by, operator_.account_id);

  const Request next = Submit(applicant_, "Kepala Bidang");
  Result<Request> by_admin = requests_->Approve(admin_, next.id, std::nullopt);
  ASSERT_TRUE(by_admin.ok()) << by_admin.status().ToString();
  EXPECT_EQ(by_admin->decided_by, admin_.account_id);
}

TEST_P(SopRulesTest, AnApplicantNeverDecidesTheirOwnRequest) {
  const Request r = Submit(applicant_, "Kepala Seksi");
  ExpectNoDecisionBy(applicant_, r.id, "cannot_decide_own_request");
  // Not even one who is also staff: an operator's own request goes to
  // another operator.
  auth::Actor self_operator = applicant_;
  self_operator.role = auth::Role::kOperator;
  self_operator.agencies = operator_.agencies;
  ExpectNoDecisionBy(self_operator, r.id, "cannot_decide_own_request");
  auth::Actor self_admin = applicant_;
  self_admin.role = auth::Role::kAdmin;
  ExpectNoDecisionBy(self_admin, r.id, "cannot_decide_own_request");
}

TEST_P(SopRulesTest, ARejectionNeedsAReasonTheApplicantSees) {
  const Request r = Submit(applicant_, "Kepala Seksi");
  const Snapshot before = Take(r.id);
  for (const std::string blank : {"", "   ", "\n\t"}) {
    EXPECT_EQ(requests_->Reject(operator_, r.id, blank, std::nullopt).status().reason(),
              "reason_required");
  }
  EXPECT_TRUE(Take(r.id) == before) << "a refused rejection changes nothing";
  Result<Request> rejected =
      requests_->Reject(operator_, r.id, "SK jabatan belum dilampirkan", std::nullopt);
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->state, RequestState::kRejected);
  Result<workflow::RequestView> seen = requests_->Get(applicant_, r.id);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->request.reject_reason, "SK jabatan belum dilampirkan");
}

// SOP step 2: "if not, it is rejected and the applicant submits a new
// request" — which links the rejected one; AMS sets the link, the applicant
// does not send it.
TEST_P(SopRulesTest, AResubmissionLinksTheRejectedRequest) {
  const Request first = Submit(applicant_, "Kepala Seksi");
  EXPECT_FALSE(first.previous_id.has_value());
  ASSERT_TRUE(requests_->Reject(operator_, first.id, "form belum ditandatangani", std::nullopt).ok());
  const Request second = Submit(applicant_, "Kepala Seksi");
  EXPECT_EQ(second.previous_id, first.id);
  ASSERT_TRUE(requests_->Approve(operator_, second.id, std::nullopt).ok());
  const Request third = Submit(applicant_, "Kepala Bidang");
  EXPECT_FALSE(third.previous_id.has_value()) << "an approved request is not resubmitted";
}

TEST_P(SopRulesTest, OneOpenIdentityRequestPerApplicant) {
  const Request open = Submit(applicant_, "Kepala Seksi");
  const Snapshot before = Take(open.id);
  Result<Request> second =
      requests_->SubmitDataChange(applicant_, {{"position", "Kepala Bidang"}}, {}, "");
  EXPECT_EQ(second.status().code(), Code::kConflict);
  EXPECT_EQ(second.status().reason(), "request_open");
  EXPECT_TRUE(Take(open.id) == before);
  Result<std::vector<workflow::RequestView>> mine = requests_->List(applicant_, 0);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 1u) << "nothing was added";
  // Another applicant is not held up by it.
  Submit(other_applicant_, "Bendahara");
}

// SOP steps 5-7: with two valid certificates the approved change waits on
// both revocations; the first leaves it waiting, the last completes it.
TEST_P(SopRulesTest, TheLastRequiredRevocationCompletesTheRequest) {
  Result<store::CertificateRecord> one =
      certificates_->IssueFromCsr(auth::Actor::System(), applicant_.account_id, P256Csr());
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  Result<store::CertificateRecord> two =
      certificates_->IssueFromCsr(auth::Actor::System(), applicant_.account_id, P256Csr());
  ASSERT_TRUE(two.ok()) << two.status().ToString();

  const Request r = Submit(applicant_, "Kepala Seksi");
  Result<Request> approved = requests_->Approve(operator_, r.id, std::nullopt);
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  ASSERT_EQ(approved->state, RequestState::kRevocationRequired);
  EXPECT_EQ(approved->certificates.size(), 2u);

  ASSERT_TRUE(certificates_
                  ->Revoke(applicant_, one->serial_hex,
                           ca::RevocationReason::kAffiliationChanged)
                  .ok());
  Result<workflow::RequestView> waiting = requests_->Get(applicant_, r.id);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->request.state, RequestState::kRevocationRequired) << "one still valid";

  ASSERT_TRUE(certificates_
                  ->Revoke(applicant_, two->serial_hex,
                           ca::RevocationReason::kAffiliationChanged)
                  .ok());
  Result<workflow::RequestView> done = requests_->Get(applicant_, r.id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->request.state, RequestState::kCompleted);
  std::vector<int> steps;
  for (const workflow::RequestStep& s : done->steps) steps.push_back(s.step);
  EXPECT_EQ(steps, (std::vector<int>{1, 2, 3, 4, 5, 6, 7})) << "every step of the SOP, once";
}

INSTANTIATE_TEST_SUITE_P(Engines, SopRulesTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams
