#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

namespace ams::store {

namespace {

constexpr char kVersionColumns[] =
    "SELECT id, account_id, version, full_name, nik, nip, email, phone, agency_id, unit, "
    "position, created_by, created_at FROM identity_versions ";

identity::IdentityVersion VersionFromRow(const soci::row& r) {
  identity::IdentityVersion v;
  v.id = GetInt(r, 0);
  v.user_id = GetInt(r, 1);
  v.version = static_cast<int>(GetInt(r, 2));
  v.data.full_name = GetText(r, 3);
  v.data.nik = GetText(r, 4);
  v.data.nip = GetText(r, 5);
  v.data.email = GetText(r, 6);
  v.data.phone = GetText(r, 7);
  v.data.agency_id = GetInt(r, 8);
  v.data.unit = GetText(r, 9);
  v.data.position = GetText(r, 10);
  v.created_by = GetInt(r, 11);
  v.created_at = GetTime(r, 12);
  v.verified = true;  // only verified data becomes a version (SOP step 3)
  return v;
}

}  // namespace

Result<identity::IdentityVersion> SociIdentityRepo::AddVersion(int64_t account_id,
                                                               const identity::IdentityData& d,
                                                               int64_t created_by, TimePoint at) {
  identity::IdentityVersion v;
  Status s = Guard(
      [&]() -> Status {
        long long account = account_id, agency = d.agency_id, by = created_by,
                  when = ToUnixSeconds(at);
        int next = 0;
        soci::indicator ind = soci::i_null;
        sql_ << "SELECT MAX(version) FROM identity_versions WHERE account_id = :a",
            soci::use(account), soci::into(next, ind);
        next = (ind == soci::i_null ? 0 : next) + 1;
        long long id = 0;
        sql_ << "INSERT INTO identity_versions (account_id, version, full_name, nik, nip, email, "
                "phone, agency_id, unit, position, created_by, created_at) VALUES (:a, :v, :fn, "
                ":nik, :nip, :e, :ph, :ag, :u, :p, :by, :at) RETURNING id",
            soci::use(account), soci::use(next), soci::use(d.full_name), soci::use(d.nik),
            soci::use(d.nip), soci::use(d.email), soci::use(d.phone), soci::use(agency),
            soci::use(d.unit), soci::use(d.position), soci::use(by), soci::use(when),
            soci::into(id);
        v.id = id;
        v.user_id = account_id;
        v.version = next;
        v.data = d;
        v.created_by = created_by;
        v.created_at = at;
        v.verified = true;
        return Status();
      },
      "concurrent_update");
  if (!s.ok()) return s;
  return v;
}

Result<identity::IdentityVersion> SociIdentityRepo::Current(int64_t account_id) {
  std::optional<identity::IdentityVersion> found;
  Status s = Guard([&]() -> Status {
    long long a = account_id;
    st_.Query(std::string(kVersionColumns) + "WHERE account_id = :a ORDER BY version DESC LIMIT 1",
              {a}, [&](const soci::row& r) { found = VersionFromRow(r); });
    return Status();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("identity_not_found");
  return *found;
}

Result<std::vector<identity::IdentityVersion>> SociIdentityRepo::History(int64_t account_id) {
  std::vector<identity::IdentityVersion> out;
  Status s = Guard([&]() -> Status {
    long long a = account_id;
    soci::rowset<soci::row> rows =
        (sql_.prepare << std::string(kVersionColumns) + "WHERE account_id = :a ORDER BY version",
         soci::use(a));
    for (const auto& r : rows) out.push_back(VersionFromRow(r));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Status SociIdentityRepo::CheckUnique(int64_t account_id, const identity::IdentityData& d) {
  // Only current versions count: an old NIK of someone else is free again.
  auto taken = [&](const char* column, const std::string& value) -> Result<bool> {
    long long n = 0, a = account_id;
    std::string v = value;
    Status s = Guard([&]() -> Status {
      sql_ << std::string("SELECT COUNT(*) FROM identity_versions iv WHERE iv.") + column +
                  " = :v AND iv.account_id <> :a AND iv.version = (SELECT MAX(version) FROM "
                  "identity_versions x WHERE x.account_id = iv.account_id)",
          soci::use(v), soci::use(a), soci::into(n);
      return Status();
    });
    if (!s.ok()) return s;
    return n > 0;
  };
  Result<bool> nik = taken("nik", d.nik);
  if (!nik.ok()) return nik.status();
  if (*nik) return Status::Conflict("nik_taken");
  Result<bool> nip = taken("nip", d.nip);
  if (!nip.ok()) return nip.status();
  if (*nip) return Status::Conflict("nip_taken");
  return Status();
}

}  // namespace ams::store
