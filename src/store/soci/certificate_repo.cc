// Certificates, the CRL state (crl_state, crl_der) and the revocation counter on SOCI (both engines,
// one SQL text). DER is kept as base64 TEXT: SQLite BLOB and PostgreSQL BYTEA
// bind differently in SOCI, text binds the same everywhere.
#include "base/encoding.h"
#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

namespace ams::store {

namespace {

constexpr char kColumns[] =
    "SELECT serial, account_id, identity_version_id, ca_name, der, not_before, not_after, status, "
    "revoked_at, reason, replaced_by, created_at FROM certificates ";

ca::RevocationReason ReasonFromCode(int64_t code) {
  return ca::FromRfcCode(static_cast<int>(code)).value_or(ca::RevocationReason::kUnspecified);
}

CertificateRecord FromRow(const soci::row& r) {
  CertificateRecord c;
  c.serial_hex = GetText(r, 0);
  c.account_id = GetInt(r, 1);
  c.identity_version_id = GetInt(r, 2);
  c.ca_name = GetText(r, 3);
  // Written by Insert from DER, so it decodes; a hand-edited row yields "".
  c.der = Base64Decode(GetText(r, 4)).value_or("");
  c.not_before = GetTime(r, 5);
  c.not_after = GetTime(r, 6);
  c.state = GetText(r, 7) == "revoked" ? CertificateRecord::State::kRevoked
                                       : CertificateRecord::State::kValid;
  if (auto at = GetOptInt(r, 8)) c.revoked_at = FromUnixSeconds(*at);
  c.reason = ReasonFromCode(GetInt(r, 9));
  c.replaced_by = GetText(r, 10);
  c.created_at = GetTime(r, 11);
  return c;
}

}  // namespace

Status SociCertificateRepo::Insert(const CertificateRecord& c) {
  return Guard(
      [&]() -> Status {
        long long account = c.account_id, version = c.identity_version_id,
                  nb = ToUnixSeconds(c.not_before), na = ToUnixSeconds(c.not_after),
                  created = ToUnixSeconds(c.created_at);
        std::string der = Base64Encode(c.der);
        st_.Exec("INSERT INTO certificates (serial, account_id, identity_version_id, ca_name, der, "
                 "not_before, not_after, status, created_at) VALUES (:s, :a, :v, :c, :d, :nb, :na, "
                 "'valid', :t)",
                 {c.serial_hex, account, version, c.ca_name, std::move(der), nb, na, created});
        return Status();
      },
      "serial_taken");
}

Result<std::vector<CertificateRecord>> SociCertificateRepo::Select(const std::string& where_order,
                                                                   long long key) {
  std::vector<CertificateRecord> out;
  Status s = Guard([&]() -> Status {
    soci::rowset<soci::row> rows = (sql_.prepare << std::string(kColumns) + where_order, soci::use(key));
    for (const auto& r : rows) out.push_back(FromRow(r));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<CertificateRecord> SociCertificateRepo::Find(const std::string& serial_hex) {
  std::optional<CertificateRecord> found;
  Status s = Guard([&]() -> Status {
    soci::rowset<soci::row> rows =
        (sql_.prepare << std::string(kColumns) + "WHERE serial = :s", soci::use(serial_hex));
    for (const auto& r : rows) found = FromRow(r);
    return Status();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("certificate_not_found");
  return *found;
}

Result<std::vector<CertificateRecord>> SociCertificateRepo::ListByAccount(int64_t account_id) {
  return Select("WHERE account_id = :a ORDER BY created_at DESC, serial", account_id);
}

Result<std::vector<CertificateRecord>> SociCertificateRepo::ListAll(int limit) {
  return Select("WHERE 1 = 1 ORDER BY created_at DESC, serial LIMIT :n", limit);
}

Result<int64_t> SociCertificateRepo::Revoke(const std::string& serial_hex, TimePoint at,
                                            ca::RevocationReason reason,
                                            const std::string& replaced_by) {
  long long counter = 0;
  Status s = Guard([&]() -> Status {
    // The counter row first: it serialises revokers (row lock on PostgreSQL,
    // the write lock on SQLite), and its new value tags this revocation so
    // other processes can ask "what was revoked since I last looked".
    soci::statement bump = (sql_.prepare << "UPDATE revocation_counter SET value = value + 1 WHERE id = 1");
    bump.execute(true);
    sql_ << "SELECT value FROM revocation_counter WHERE id = 1", soci::into(counter);
    long long when = ToUnixSeconds(at);
    int code = ca::RfcCode(reason);
    soci::indicator by_ind = replaced_by.empty() ? soci::i_null : soci::i_ok;
    soci::statement st =
        (sql_.prepare << "UPDATE certificates SET status = 'revoked', revoked_at = :t, reason = :r, "
                         "revocation_seq = :q, replaced_by = :b WHERE serial = :s AND status = 'valid'",
         soci::use(when), soci::use(code), soci::use(counter), soci::use(replaced_by, by_ind),
         soci::use(serial_hex));
    st.execute(true);
    if (st.get_affected_rows() == 1) return Status();
    // Nothing changed: tell unknown from already revoked. The caller rolls
    // back, which also undoes the counter increment.
    long long n = 0;
    sql_ << "SELECT COUNT(*) FROM certificates WHERE serial = :s", soci::use(serial_hex),
        soci::into(n);
    if (n == 0) return Status::NotFound("certificate_not_found");
    return Status::Conflict("already_revoked", serial_hex);
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(counter);
}

Result<std::optional<CertificateStatus>> SociCertificateRepo::StatusOf(const std::string& serial_hex) {
  std::optional<CertificateStatus> out;
  Status s = Guard([&]() -> Status {
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT status, revoked_at, reason FROM certificates WHERE serial = :s",
         soci::use(serial_hex));
    for (const auto& r : rows) {
      CertificateStatus st;
      st.revoked = GetText(r, 0) == "revoked";
      if (st.revoked) {
        st.revoked_at = FromUnixSeconds(GetInt(r, 1));
        st.reason = ReasonFromCode(GetInt(r, 2));
      }
      out = st;
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<RevokedCertificate>> SociCertificateRepo::ListRevoked(const std::string& ca_name) {
  std::vector<RevokedCertificate> out;
  Status s = Guard([&]() -> Status {
    // Fetched in batches into column vectors: at a million revoked rows the
    // per-row soci::row of a rowset (a type switch and allocations per
    // column) was the bulk of a CRL generation's read.
    constexpr size_t kBatch = 10000;
    std::vector<std::string> serials(kBatch);
    std::vector<long long> revoked_at(kBatch);
    std::vector<int> reasons(kBatch);
    soci::statement st =
        (sql_.prepare << "SELECT serial, COALESCE(revoked_at, 0), COALESCE(reason, 0) FROM "
                         "certificates WHERE ca_name = :c AND status = 'revoked' "
                         "ORDER BY revocation_seq",
         soci::into(serials), soci::into(revoked_at), soci::into(reasons), soci::use(ca_name));
    st.execute();
    while (st.fetch()) {
      for (size_t i = 0; i < serials.size(); ++i) {
        out.push_back({std::move(serials[i]), FromUnixSeconds(revoked_at[i]),
                       ReasonFromCode(reasons[i])});
      }
      serials.resize(kBatch);
      revoked_at.resize(kBatch);
      reasons.resize(kBatch);
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<std::string>> SociCertificateRepo::RevokedSince(int64_t after) {
  std::vector<std::string> out;
  Status s = Guard([&]() -> Status {
    long long a = after;
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT serial FROM certificates WHERE revocation_seq > :a", soci::use(a));
    for (const auto& r : rows) out.push_back(GetText(r, 0));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<int64_t> SociCertificateRepo::RevocationCounter() {
  long long value = 0;
  Status s = Guard([&]() -> Status {
    sql_ << "SELECT value FROM revocation_counter WHERE id = 1", soci::into(value);
    return Status();
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(value);
}

Result<int64_t> SociCertificateRepo::NextCrlNumber(const std::string& ca_name) {
  long long number = 0;
  bool found = false;
  Status s = Guard([&]() -> Status {
    // The UPDATE takes the row lock (PostgreSQL) or runs under the write lock
    // (SQLite) until the transaction ends, so two generators never get the
    // same number; the number survives restarts because it is stored.
    soci::statement st = (sql_.prepare << "UPDATE crl_state SET next_number = next_number + 1 "
                                          "WHERE ca_name = :c",
                          soci::use(ca_name));
    st.execute(true);
    if (st.get_affected_rows() != 1) return Status();
    sql_ << "SELECT next_number FROM crl_state WHERE ca_name = :c", soci::use(ca_name),
        soci::into(number);
    found = true;
    return Status();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("crl_state_not_found", ca_name);
  return static_cast<int64_t>(number);
}

Result<CrlState> SociCertificateRepo::LoadCrl(const std::string& ca_name, bool with_der) {
  std::optional<CrlState> out;
  Status s = Guard([&]() -> Status {
    // Two statements, not a join: the small crl_state row is what every CRL
    // request reads, the DER (tens of MB at scale) only when asked for.
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT der_number, this_update, next_update, revocations_seen "
                         "FROM crl_state WHERE ca_name = :c",
         soci::use(ca_name));
    for (const auto& r : rows) {
      CrlState c;
      c.ca_name = ca_name;
      c.number = GetInt(r, 0);
      c.this_update = GetTime(r, 1);
      c.next_update = GetTime(r, 2);
      c.revocations_seen = GetInt(r, 3);
      out = std::move(c);
    }
    if (!out || !with_der || out->number == 0) return Status();
    long long number = out->number;
    std::string der;
    soci::indicator ind = soci::i_null;
    sql_ << "SELECT der FROM crl_der WHERE ca_name = :c AND number = :n", soci::use(ca_name),
        soci::use(number), soci::into(der, ind);
    if (sql_.got_data() && ind == soci::i_ok) out->der = Base64Decode(der).value_or("");
    return Status();
  });
  if (!s.ok()) return s;
  if (!out) return Status::NotFound("crl_state_not_found", ca_name);
  return *out;
}

Result<bool> SociCertificateRepo::SaveCrl(const CrlState& crl) {
  bool saved = false;
  Status s = Guard([&]() -> Status {
    long long number = crl.number, tu = ToUnixSeconds(crl.this_update),
              nu = ToUnixSeconds(crl.next_update), seen = crl.revocations_seen;
    // A CRL with a lower number never replaces a higher one (RFC 5280
    // §5.2.3: crlNumber increases monotonically for a scope). The guarded
    // UPDATE of the small row decides; only the winner writes the DER.
    soci::statement st =
        (sql_.prepare << "UPDATE crl_state SET der_number = :n, this_update = :tu, "
                         "next_update = :nu, revocations_seen = :seen WHERE ca_name = :c AND "
                         "der_number < :n2",
         soci::use(number), soci::use(tu), soci::use(nu), soci::use(seen),
         soci::use(crl.ca_name), soci::use(number));
    st.execute(true);
    saved = st.get_affected_rows() == 1;
    if (!saved) return Status();
    std::string der = Base64Encode(crl.der);
    sql_ << "INSERT INTO crl_der (ca_name, number, der) VALUES (:c, :n, :d)",
        soci::use(crl.ca_name), soci::use(number), soci::use(der);
    // Only the current CRL is kept; older ones were published and are gone.
    sql_ << "DELETE FROM crl_der WHERE ca_name = :c AND number < :n", soci::use(crl.ca_name),
        soci::use(number);
    return Status();
  });
  if (!s.ok()) return s;
  return saved;
}

Result<std::vector<CertificateRecord>> SociCertificateRepo::ListValidExpiring(TimePoint after,
                                                                              TimePoint before,
                                                                              int limit) {
  std::vector<CertificateRecord> out;
  Status s = Guard([&]() -> Status {
    long long a = ToUnixSeconds(after), b = ToUnixSeconds(before);
    soci::rowset<soci::row> rows =
        (sql_.prepare << std::string(kColumns) +
                             "WHERE status = 'valid' AND not_after > :a AND not_after <= :b "
                             "ORDER BY not_after, serial LIMIT " + std::to_string(limit),
         soci::use(a), soci::use(b));
    for (const auto& r : rows) out.push_back(FromRow(r));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::optional<std::string>> SociCertificateRepo::FindValidFromOtherIdentity(
    int64_t account_id, int64_t identity_version_id, TimePoint now) {
  std::optional<std::string> found;
  Status s = Guard([&]() -> Status {
    long long account = account_id, version = identity_version_id, at = ToUnixSeconds(now);
    // Runs on every issuance: two seeks in certificates_valid_by_identity
    // (older and, in principle, newer versions) rather than "<>", which no
    // index can seek and which read every certificate of the account.
    st_.Query("SELECT serial FROM certificates WHERE account_id = :a AND status = "
              "'valid' AND identity_version_id < :v AND not_after > :t "
              "UNION ALL "
              "SELECT serial FROM certificates WHERE account_id = :a2 AND status = "
              "'valid' AND identity_version_id > :v2 AND not_after > :t2 LIMIT 1",
              {account, version, at, account, version, at},
              [&](const soci::row& r) { found = GetText(r, 0); });
    return Status();
  });
  if (!s.ok()) return s;
  return found;
}

}  // namespace ams::store
