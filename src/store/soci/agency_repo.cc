#include <optional>

#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

namespace ams::store {

Result<int64_t> SociAgencyRepo::Create(const identity::Agency& agency) {
  long long id = 0;
  Status s = Guard(
      [&]() -> Status {
        sql_ << "INSERT INTO agencies (code, name) VALUES (:c, :n) RETURNING id",
            soci::use(agency.code), soci::use(agency.name), soci::into(id);
        return Status();
      },
      "agency_code_taken");
  if (!s.ok()) return s;
  return static_cast<int64_t>(id);
}

Result<identity::Agency> SociAgencyRepo::Find(int64_t id) {
  std::optional<identity::Agency> found;
  Status s = Guard([&]() -> Status {
    long long key = id;
    st_.Query("SELECT id, code, name FROM agencies WHERE id = :id", {key}, [&](const soci::row& r) {
      found = identity::Agency{GetInt(r, 0), GetText(r, 1), GetText(r, 2)};
    });
    return Status();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("agency_not_found");
  return *found;
}

Result<std::vector<identity::Agency>> SociAgencyRepo::List() {
  std::vector<identity::Agency> out;
  Status s = Guard([&]() -> Status {
    soci::rowset<soci::row> rows = (sql_.prepare << "SELECT id, code, name FROM agencies ORDER BY id");
    for (const auto& r : rows) out.push_back({GetInt(r, 0), GetText(r, 1), GetText(r, 2)});
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ams::store
