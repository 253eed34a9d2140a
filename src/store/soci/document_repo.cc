// Document metadata on SOCI (both engines, one SQL text).
#include <algorithm>

#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

namespace ams::store {

namespace {

using documents::DocumentRecord;

constexpr char kColumns[] =
    "SELECT id, owner_account_id, sha256, media_type, size, filename, purpose, uploaded_at, "
    "uploaded_by FROM documents ";
constexpr size_t kMaxFindMany = 100;

documents::DocumentType TypeFromMedia(const std::string& media) {
  for (auto t : {documents::DocumentType::kPdf, documents::DocumentType::kJpeg,
                 documents::DocumentType::kPng}) {
    if (media == documents::MimeType(t)) return t;
  }
  return documents::DocumentType::kPdf;  // the CHECK constraint allows nothing else
}

DocumentRecord FromRow(const soci::row& r) {
  DocumentRecord d;
  d.id = GetInt(r, 0);
  d.owner_account_id = GetInt(r, 1);
  d.sha256 = GetText(r, 2);
  d.type = TypeFromMedia(GetText(r, 3));
  d.size = GetInt(r, 4);
  d.filename = GetText(r, 5);
  Result<documents::DocumentPurpose> purpose = documents::ParsePurpose(GetText(r, 6));
  d.purpose = purpose.ok() ? *purpose : documents::DocumentPurpose::kSupporting;
  d.uploaded_at = GetTime(r, 7);
  d.uploaded_by = GetOptInt(r, 8);
  return d;
}

}  // namespace

Result<int64_t> SociDocumentRepo::Insert(const DocumentRecord& d) {
  long long id = 0;
  Status s = Guard([&]() -> Status {
    long long owner = d.owner_account_id, size = d.size, at = ToUnixSeconds(d.uploaded_at);
    long long by = d.uploaded_by.value_or(0);
    soci::indicator by_ind = d.uploaded_by ? soci::i_ok : soci::i_null;
    std::string media = documents::MimeType(d.type), purpose = documents::ToString(d.purpose);
    sql_ << "INSERT INTO documents (owner_account_id, sha256, media_type, size, filename, purpose, "
            "uploaded_at, uploaded_by) VALUES (:o, :h, :m, :s, :f, :p, :t, :b) RETURNING id",
        soci::use(owner), soci::use(d.sha256), soci::use(media), soci::use(size),
        soci::use(d.filename), soci::use(purpose), soci::use(at), soci::use(by, by_ind),
        soci::into(id);
    return Status();
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(id);
}

Result<DocumentRecord> SociDocumentRepo::Find(int64_t id) {
  std::optional<DocumentRecord> found;
  Status s = Guard([&]() -> Status {
    long long key = id;
    soci::rowset<soci::row> rows = (sql_.prepare << std::string(kColumns) + "WHERE id = :i", soci::use(key));
    for (const auto& r : rows) found = FromRow(r);
    return Status();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("document_not_found", "document " + std::to_string(id));
  return *found;
}

Result<std::vector<DocumentRecord>> SociDocumentRepo::FindMany(const std::vector<int64_t>& ids) {
  if (ids.size() > kMaxFindMany) {
    return Status::Invalid("too_many_documents", "at most " + std::to_string(kMaxFindMany));
  }
  // A request lists a handful of documents: one indexed lookup each keeps
  // the SQL static (no IN list built from input).
  std::vector<DocumentRecord> out;
  std::vector<int64_t> seen;
  for (int64_t id : ids) {
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
    seen.push_back(id);
    AMS_ASSIGN_OR_RETURN(DocumentRecord d, Find(id));
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<DocumentRecord>> SociDocumentRepo::ListByOwner(int64_t owner_account_id) {
  std::vector<DocumentRecord> out;
  Status s = Guard([&]() -> Status {
    long long key = owner_account_id;
    soci::rowset<soci::row> rows =
        (sql_.prepare << std::string(kColumns) +
                             "WHERE owner_account_id = :o ORDER BY uploaded_at DESC, id DESC",
         soci::use(key));
    for (const auto& r : rows) out.push_back(FromRow(r));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<int64_t> SociDocumentRepo::CountBySha256(const std::string& sha256) {
  long long n = 0;
  Status s = Guard([&]() -> Status {
    sql_ << "SELECT COUNT(*) FROM documents WHERE sha256 = :h", soci::use(sha256), soci::into(n);
    return Status();
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(n);
}

}  // namespace ams::store
