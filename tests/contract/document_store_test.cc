// Documents on SQLite and PostgreSQL (issue #4): the DocumentRepo, the
// database blob store (same bytes stored once, tampering detected) and the
// DocumentService's rules on a real store, with both blob stores.
#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "base/encoding.h"
#include "documents/database_blob_store.h"
#include "documents/document_access.h"
#include "documents/document_service.h"
#include "documents/folder_blob_store.h"
#include "store/postgres/postgres_dialect.h"
#include "testutil/applicant.h"
#include "testutil/fresh_store.h"

namespace ams {
namespace {

using documents::DocumentPurpose;
using documents::DocumentRecord;
using documents::IncomingFile;
using testutil::Engine;

const std::string kPdf = "%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\x00\xff\x00", 19);

// Raw SQL on the test database, for counting rows and for tampering.
class RawSql {
 public:
  explicit RawSql(const std::string& url) {
    if (url.rfind("sqlite:", 0) == 0) {
      sql_.open(soci::sqlite3, url.substr(7));
    } else {
      sql_.open(soci::postgresql, *store::PostgresConnectString(url));
    }
  }
  int64_t Count(const std::string& table) {
    long long n = 0;
    sql_ << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }
  void Exec(const std::string& statement) { sql_ << statement; }

 private:
  soci::session sql_;
};

class DocumentStoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam(), &url_);
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    raw_ = std::make_unique<RawSql>(url_);
    ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(agency_a_, tx.agencies().Create({0, "DISKOMINFO", "Diskominfo"}));
      AMS_ASSIGN_OR_RETURN(agency_b_, tx.agencies().Create({0, "DINKES", "Dinas Kesehatan"}));
      AMS_ASSIGN_OR_RETURN(siti_, Applicant(tx, "siti", "3375014506900001", "199006152015032001", agency_a_));
      AMS_ASSIGN_OR_RETURN(rina_, Applicant(tx, "rina", "3375015506910002", "199106152015032002", agency_b_));
      AMS_ASSIGN_OR_RETURN(operator_a_.account_id, Account(tx, "op-a", auth::Role::kOperator));
      AMS_ASSIGN_OR_RETURN(auditor_.account_id, Account(tx, "auditor", auth::Role::kAuditor));
      AMS_ASSIGN_OR_RETURN(admin_.account_id, Account(tx, "admin", auth::Role::kAdmin));
      return Status();
    }).ok());
    operator_a_.role = auth::Role::kOperator;
    operator_a_.agencies = {agency_a_};
    auditor_.role = auth::Role::kAuditor;
    admin_.role = auth::Role::kAdmin;
    siti_actor_.account_id = siti_;
    siti_actor_.email = "siti@pekalongankota.go.id";
    rina_actor_.account_id = rina_;
    db_blobs_ = std::make_unique<documents::DatabaseBlobStore>(*store_);
    service_ = std::make_unique<documents::DocumentService>(*store_, *db_blobs_, clock_,
                                                            documents::DocumentLimits{});
  }

  Result<int64_t> Account(store::Transaction& tx, const std::string& name, auth::Role role) {
    auth::Account a;
    a.email = name + "@pekalongankota.go.id";
    a.display_name = name;
    a.password_hash = "$argon2id$fake";
    a.role = role;
    a.created_at = FromUnixSeconds(1796096195);
    return tx.accounts().Create(a);
  }

  Result<int64_t> Applicant(store::Transaction& tx, const std::string& name, const char* nik,
                            const char* nip, int64_t agency) {
    AMS_ASSIGN_OR_RETURN(testutil::Applicant a,
                         testutil::AddApplicant(tx, {.email = name + "@pekalongankota.go.id",
                                                     .display_name = name,
                                                     .full_name = name,
                                                     .nik = nik,
                                                     .nip = nip,
                                                     .agency_id = agency,
                                                     .identity_at = FromUnixSeconds(1)}));
    return a.account_id;
  }

  DocumentRecord Record(int64_t owner, const std::string& content, int64_t at) {
    DocumentRecord d;
    d.owner_account_id = owner;
    d.sha256 = Sha256Hex(content);
    d.type = documents::DocumentType::kPdf;
    d.size = static_cast<int64_t>(content.size());
    d.filename = "ktp.pdf";
    d.purpose = DocumentPurpose::kKtp;
    d.uploaded_at = FromUnixSeconds(at);
    return d;
  }

  // Rows that an upload writes, to show that a refused one wrote none.
  std::tuple<int64_t, int64_t, int64_t> Written() {
    return {raw_->Count("documents"), raw_->Count("blobs"), raw_->Count("audit_log")};
  }

  std::string url_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<RawSql> raw_;
  FakeClock clock_{FromUnixSeconds(1796096195)};
  int64_t agency_a_ = 0, agency_b_ = 0, siti_ = 0, rina_ = 0;
  auth::Actor siti_actor_, rina_actor_, operator_a_, auditor_, admin_;
  std::unique_ptr<documents::DatabaseBlobStore> db_blobs_;
  std::unique_ptr<documents::DocumentService> service_;
};

TEST_P(DocumentStoreTest, RepoStoresFindsAndListsNewestFirst) {
  int64_t first = 0, second = 0;
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(first, tx.documents().Insert(Record(siti_, "a", 100)));
    DocumentRecord r = Record(siti_, "b", 200);
    r.uploaded_by = siti_;
    r.type = documents::DocumentType::kPng;
    r.purpose = DocumentPurpose::kSupporting;
    r.filename = "Surat Keputusan – Ñ.png";
    AMS_ASSIGN_OR_RETURN(second, tx.documents().Insert(r));
    return Status();
  }).ok());
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    Result<DocumentRecord> a = tx.documents().Find(first);
    EXPECT_TRUE(a.ok());
    EXPECT_EQ(a->sha256, Sha256Hex("a"));
    EXPECT_EQ(a->uploaded_by, std::nullopt) << "uploaded by the system";
    EXPECT_EQ(a->purpose, DocumentPurpose::kKtp);
    Result<DocumentRecord> b = tx.documents().Find(second);
    EXPECT_EQ(b->type, documents::DocumentType::kPng);
    EXPECT_EQ(b->filename, "Surat Keputusan – Ñ.png");
    EXPECT_EQ(b->uploaded_by, siti_);
    EXPECT_EQ(b->uploaded_at, FromUnixSeconds(200));
    auto list = tx.documents().ListByOwner(siti_);
    EXPECT_EQ(list->size(), 2u);
    EXPECT_EQ(list->front().id, second);
    EXPECT_TRUE(tx.documents().ListByOwner(rina_)->empty());
    EXPECT_EQ(tx.documents().Find(second + 100).status().reason(), "document_not_found");
    EXPECT_EQ(*tx.documents().CountBySha256(Sha256Hex("a")), 1);
    return Status();
  }).ok());
}

TEST_P(DocumentStoreTest, FindManyKeepsOrderAndRefusesUnknownIds) {
  std::vector<int64_t> ids;
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    for (int i = 0; i < 3; ++i) {
      AMS_ASSIGN_OR_RETURN(int64_t id, tx.documents().Insert(Record(siti_, "x", 100 + i)));
      ids.push_back(id);
    }
    return Status();
  }).ok());
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    auto many = tx.documents().FindMany({ids[2], ids[0], ids[2]});
    EXPECT_TRUE(many.ok());
    EXPECT_EQ(many->size(), 2u) << "a repeated id appears once";
    EXPECT_EQ((*many)[0].id, ids[2]);
    EXPECT_EQ((*many)[1].id, ids[0]);
    EXPECT_EQ(tx.documents().FindMany({ids[0], 999999}).status().reason(), "document_not_found");
    EXPECT_EQ(tx.documents().FindMany(std::vector<int64_t>(101, ids[0])).status().reason(),
              "too_many_documents");
    // The check the request services use.
    EXPECT_TRUE(documents::DocumentsOwnedBy(tx, siti_, ids).ok());
    EXPECT_EQ(documents::DocumentsOwnedBy(tx, rina_, {ids[1]}).status().code(), Code::kNotFound)
        << "another applicant's document cannot be attached";
    return Status();
  }).ok());
}

TEST_P(DocumentStoreTest, DatabaseBlobStoreStoresOnceAndDetectsTampering) {
  const std::string bytes = std::string("\x00\x01\xff binary \x00 tail", 16) + std::string(70000, 'z');
  Result<std::string> key = db_blobs_->Put(bytes);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(*key, Sha256Hex(bytes));
  ASSERT_TRUE(db_blobs_->Put(bytes).ok());
  EXPECT_EQ(raw_->Count("blobs"), 1) << "the same content is stored once";
  Result<std::string> back = db_blobs_->Get(*key);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, bytes);

  EXPECT_EQ(db_blobs_->Get(Sha256Hex("never stored")).status().code(), Code::kNotFound);
  EXPECT_EQ(db_blobs_->Get("../../etc/passwd").status().code(), Code::kNotFound);

  raw_->Exec("UPDATE blobs SET size = size + 0, content = " +
             std::string(GetParam() == Engine::kSqlite ? "X'00'" : "'\\x00'::bytea"));
  EXPECT_EQ(db_blobs_->Get(*key).status().code(), Code::kInternal) << "tampered bytes are refused";
}

TEST_P(DocumentStoreTest, UploadStoresOnceAndAuditsInTheSameTransaction) {
  auto before = Written();
  auto first = service_->Upload(siti_actor_, siti_, DocumentPurpose::kKtp, {{"C:\\scan\\ktp.pdf", kPdf}});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto again = service_->Upload(siti_actor_, siti_, DocumentPurpose::kForm,
                                {{"lagi.pdf", kPdf}, {"foto.png", kPng}});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*first)[0].filename, "ktp.pdf");
  EXPECT_EQ((*first)[0].uploaded_by, siti_);
  EXPECT_EQ((*again)[0].sha256, (*first)[0].sha256);
  EXPECT_EQ((*again)[1].type, documents::DocumentType::kPng);
  auto after = Written();
  EXPECT_EQ(std::get<0>(after), std::get<0>(before) + 3);
  EXPECT_EQ(std::get<1>(after), std::get<1>(before) + 2) << "the PDF twice is one blob";
  EXPECT_EQ(std::get<2>(after), std::get<2>(before) + 3) << "one document.uploaded per document";
  Result<documents::DocumentContent> got = service_->Download(siti_actor_, (*again)[1].id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->bytes, kPng);
}

TEST_P(DocumentStoreTest, RefusedUploadsStoreNothing) {
  documents::DocumentLimits small;
  small.max_bytes = 1000;
  small.max_files = 2;
  documents::DocumentService service(*store_, *db_blobs_, clock_, small);
  static const struct {
    std::vector<IncomingFile> files;
    const char* reason;
    const char* why;
  } kCases[] = {
      {{{"ktp.pdf", "Ini bukan PDF."}}, "document_type_not_allowed", "text named .pdf"},
      {{{"ok.pdf", kPdf}, {"x.pdf", "<html>"}}, "document_type_not_allowed", "one bad file of two"},
      {{{"big.pdf", "%PDF-1.7\n" + std::string(2000, ' ') + "%%EOF"}}, "document_too_large", "over 1000"},
      {{{"a.pdf", kPdf}, {"b.pdf", kPdf}, {"c.pdf", kPdf}}, "too_many_files", "3 of 2"},
      {{}, "no_file", "nothing sent"},
      {{{"empty.pdf", ""}}, "document_empty", "empty"},
  };
  auto before = Written();
  for (const auto& c : kCases) {
    auto r = service.Upload(siti_actor_, siti_, DocumentPurpose::kSupporting, c.files);
    ASSERT_FALSE(r.ok()) << c.why;
    EXPECT_EQ(r.status().reason(), c.reason) << c.why;
    EXPECT_EQ(Written(), before) << c.why;
  }
  auto auditor = service.Upload(auditor_, siti_, DocumentPurpose::kKtp, {{"k.pdf", kPdf}});
  EXPECT_EQ(auditor.status().code(), Code::kPermissionDenied);
  auto stranger = service.Upload(rina_actor_, siti_, DocumentPurpose::kKtp, {{"k.pdf", kPdf}});
  EXPECT_EQ(stranger.status().reason(), "account_not_found") << "not for another applicant";
  EXPECT_EQ(Written(), before);
}

TEST_P(DocumentStoreTest, ReadableByOwnerAgencyOperatorAuditorAndAdminOnly) {
  auto up = service_->Upload(siti_actor_, siti_, DocumentPurpose::kKtp, {{"ktp.pdf", kPdf}});
  ASSERT_TRUE(up.ok());
  const int64_t id = (*up)[0].id;
  auth::Actor operator_b = operator_a_;
  operator_b.agencies = {agency_b_};
  EXPECT_TRUE(service_->Get(siti_actor_, id).ok());
  EXPECT_TRUE(service_->Download(operator_a_, id).ok());
  EXPECT_TRUE(service_->Download(auditor_, id).ok());
  EXPECT_TRUE(service_->Download(admin_, id).ok());
  EXPECT_EQ(service_->Download(rina_actor_, id).status().reason(), "document_not_found");
  EXPECT_EQ(service_->Get(operator_b, id).status().reason(), "document_not_found");
  EXPECT_EQ(service_->Get(siti_actor_, id + 1000).status().reason(), "document_not_found");
  EXPECT_EQ(service_->ListOf(rina_actor_, siti_).status().code(), Code::kNotFound);
  EXPECT_EQ(service_->ListOf(operator_a_, siti_)->size(), 1u);
  // Operators may upload for the applicants of their agencies (desk scans).
  auto desk = service_->Upload(operator_a_, siti_, DocumentPurpose::kForm, {{"f.png", kPng}});
  ASSERT_TRUE(desk.ok());
  EXPECT_EQ((*desk)[0].uploaded_by, operator_a_.account_id);
  EXPECT_EQ(service_->Upload(operator_b, siti_, DocumentPurpose::kForm, {{"f.png", kPng}})
                .status()
                .reason(),
            "account_not_found");
}

TEST_P(DocumentStoreTest, FolderBlobStoreServesTheSameService) {
  documents::FolderBlobStore folder(testutil::MakeTempDir() + "/documents");
  documents::DocumentService service(*store_, folder, clock_, documents::DocumentLimits{});
  auto up = service.Upload(siti_actor_, siti_, DocumentPurpose::kKtp, {{"ktp.pdf", kPdf}});
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_EQ(raw_->Count("blobs"), 0) << "the folder store keeps the bytes on disk";
  auto got = service.Download(operator_a_, (*up)[0].id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->bytes, kPdf);
}

INSTANTIATE_TEST_SUITE_P(Engines, DocumentStoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams
