// Document bytes in the database (documents.store = "database"). SOCI 4.0
// binds a std::string to PostgreSQL as a text parameter, which cannot carry a
// NUL byte, so PostgreSQL gets hex through decode()/encode(); SQLite binds
// the string with its length and stores it as a BLOB unchanged.
#include <cstring>

#include "base/encoding.h"
#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

namespace ams::store {

namespace {

bool IsPostgres(const Dialect& d) { return std::strcmp(d.name(), "postgresql") == 0; }

}  // namespace

Status SociBlobRepo::Put(const std::string& sha256_hex, std::string_view content) {
  return Guard([&]() -> Status {
    long long size = static_cast<long long>(content.size());
    // ON CONFLICT DO NOTHING: the same content from two nodes at once is one
    // row, and neither writer fails.
    if (IsPostgres(d_)) {
      std::string hex = HexEncode(content);
      sql_ << "INSERT INTO blobs (sha256, content, size) VALUES (:k, decode(:c, 'hex'), :s) "
              "ON CONFLICT (sha256) DO NOTHING",
          soci::use(sha256_hex), soci::use(hex), soci::use(size);
    } else {
      std::string bytes(content);
      sql_ << "INSERT INTO blobs (sha256, content, size) VALUES (:k, CAST(:c AS BLOB), :s) "
              "ON CONFLICT (sha256) DO NOTHING",
          soci::use(sha256_hex), soci::use(bytes), soci::use(size);
    }
    return Status();
  });
}

Result<std::string> SociBlobRepo::Get(const std::string& sha256_hex) {
  std::string content;
  bool found = false;
  Status s = Guard([&]() -> Status {
    soci::indicator ind = soci::i_null;
    if (IsPostgres(d_)) {
      std::string hex;
      sql_ << "SELECT encode(content, 'hex') FROM blobs WHERE sha256 = :k", soci::use(sha256_hex),
          soci::into(hex, ind);
      found = sql_.got_data() && ind == soci::i_ok;
      if (found) {
        std::optional<std::vector<uint8_t>> bytes = HexDecode(hex);
        if (!bytes) return Status::Internal("blob " + sha256_hex + " is not hex");
        content.assign(bytes->begin(), bytes->end());
      }
    } else {
      sql_ << "SELECT content FROM blobs WHERE sha256 = :k", soci::use(sha256_hex),
          soci::into(content, ind);
      found = sql_.got_data() && ind == soci::i_ok;
    }
    return Status();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("document_not_found", "blob " + sha256_hex);
  return content;
}

}  // namespace ams::store
