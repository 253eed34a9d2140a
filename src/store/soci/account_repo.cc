#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

namespace ams::store {

namespace {

// The name is the current identity version's full name once there is one
// (DESIGN.md "Identity": an approved change writes version n+1), else the
// name given at sign-up: one source of truth, so a mail, a page header or
// GET /me never greets a person by the name they have just changed.
constexpr char kAccountColumns[] =
    "id, email, COALESCE((SELECT v.full_name FROM identity_versions v WHERE v.account_id = "
    "accounts.id ORDER BY v.version DESC LIMIT 1), display_name), password_hash, role, "
    "email_verified, disabled, failed_logins, "
    "last_failed_login, totp_secret, totp_enabled, totp_last_step, created_at, "
    "must_change_password";

auth::Account AccountFromRow(const soci::row& r) {
  auth::Account a;
  a.id = GetInt(r, 0);
  a.email = GetText(r, 1);
  a.display_name = GetText(r, 2);
  a.password_hash = GetText(r, 3);
  Result<auth::Role> role = auth::ParseRole(GetText(r, 4));
  a.role = role.ok() ? *role : auth::Role::kApplicant;  // the CHECK constraint allows no other
  a.email_verified = GetInt(r, 5) != 0;
  a.disabled = GetInt(r, 6) != 0;
  a.failed_logins = static_cast<int>(GetInt(r, 7));
  if (auto t = GetOptInt(r, 8)) a.last_failed_login = FromUnixSeconds(*t);
  a.totp_secret_stored = GetText(r, 9);
  a.totp_enabled = GetInt(r, 10) != 0;
  a.totp_last_step = GetInt(r, 11);
  a.created_at = GetTime(r, 12);
  a.must_change_password = GetInt(r, 13) != 0;
  return a;
}

const char* PurposeName(auth::OneTimePurpose p) {
  return p == auth::OneTimePurpose::kVerifyEmail ? "verify_email" : "reset_password";
}

}  // namespace

Result<std::vector<auth::Account>> SociAccountRepo::Select(const std::string& where,
                                                            const std::string& key, int64_t id) {
  std::vector<auth::Account> out;
  Status s = Guard([&]() -> Status {
    long long id_value = id;
    std::string sql = std::string("SELECT ") + kAccountColumns + " FROM accounts " + where;
    const auto keep = [&](const soci::row& r) { out.push_back(AccountFromRow(r)); };
    if (where.find(":email") != std::string::npos) {
      st_.Query(sql, {key}, keep);
    } else if (where.find(":id") != std::string::npos) {
      st_.Query(sql, {id_value}, keep);
    } else {
      soci::rowset<soci::row> rows = (sql_.prepare << sql);
      for (const auto& r : rows) out.push_back(AccountFromRow(r));
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<int64_t> SociAccountRepo::Create(const auth::Account& a) {
  long long id = 0;
  Status s = Guard(
      [&]() -> Status {
        std::string role = auth::ToString(a.role);
        int verified = a.email_verified, disabled = a.disabled, must_change = a.must_change_password;
        long long created = ToUnixSeconds(a.created_at);
        sql_ << "INSERT INTO accounts (email, display_name, password_hash, role, email_verified, "
                "disabled, created_at, must_change_password) "
                "VALUES (:e, :n, :p, :r, :v, :d, :c, :m) RETURNING id",
            soci::use(a.email), soci::use(a.display_name), soci::use(a.password_hash),
            soci::use(role), soci::use(verified), soci::use(disabled), soci::use(created),
            soci::use(must_change), soci::into(id);
        return Status();
      },
      "email_taken");
  if (!s.ok()) return s;
  return static_cast<int64_t>(id);
}

Result<auth::Account> SociAccountRepo::FindByEmail(const std::string& email) {
  auto rows = Select("WHERE email = :email", email, 0);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("account_not_found");
  return rows->front();
}

Result<auth::Account> SociAccountRepo::FindById(int64_t id) {
  auto rows = Select("WHERE id = :id", "", id);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("account_not_found");
  return rows->front();
}

Result<auth::Account> SociAccountRepo::FindByIdForUpdate(int64_t id) {
  auto rows = Select(std::string("WHERE id = :id") + d_.ForUpdate(), "", id);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("account_not_found");
  return rows->front();
}

Result<std::vector<auth::Account>> SociAccountRepo::List() { return Select("ORDER BY id", "", 0); }

Status SociAccountRepo::Update(const auth::Account& a) {
  return Guard([&]() -> Status {
    std::string role = auth::ToString(a.role);
    int verified = a.email_verified, disabled = a.disabled, totp = a.totp_enabled;
    int failed = a.failed_logins, must_change = a.must_change_password;
    long long last_failed = a.last_failed_login ? ToUnixSeconds(*a.last_failed_login) : 0;
    soci::indicator last_failed_ind = a.last_failed_login ? soci::i_ok : soci::i_null;
    long long step = a.totp_last_step, id = a.id;
    soci::statement st =
        (sql_.prepare << "UPDATE accounts SET password_hash = :p, role = :r, "
                         "email_verified = :v, disabled = :d, failed_logins = :f, "
                         "last_failed_login = :lf, totp_secret = :ts, totp_enabled = :te, "
                         "totp_last_step = :tl, must_change_password = :m WHERE id = :id",
         soci::use(a.password_hash), soci::use(role),
         soci::use(verified), soci::use(disabled), soci::use(failed),
         soci::use(last_failed, last_failed_ind), soci::use(a.totp_secret_stored), soci::use(totp),
         soci::use(step), soci::use(must_change), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() != 1) return Status::NotFound("account_not_found");
    return Status();
  });
}

Status SociAccountRepo::AddSession(const auth::Session& s) {
  return Guard([&]() -> Status {
    long long account = s.account_id, created = ToUnixSeconds(s.created_at),
              expires = ToUnixSeconds(s.expires_at);
    int done = s.second_factor_done;
    sql_ << "INSERT INTO sessions (id_hash, account_id, csrf_token, second_factor_done, "
            "created_at, expires_at) VALUES (:h, :a, :c, :d, :cr, :ex)",
        soci::use(s.id_hash), soci::use(account), soci::use(s.csrf_token), soci::use(done),
        soci::use(created), soci::use(expires);
    return Status();
  });
}

Result<auth::Session> SociAccountRepo::FindSession(const std::string& id_hash) {
  std::optional<auth::Session> found;
  Status s = Guard([&]() -> Status {
    soci::rowset<soci::row> rows =
        (sql_.prepare << "SELECT id_hash, account_id, csrf_token, second_factor_done, "
                         "created_at, expires_at FROM sessions WHERE id_hash = :h",
         soci::use(id_hash));
    for (const auto& r : rows) {
      auth::Session x;
      x.id_hash = GetText(r, 0);
      x.account_id = GetInt(r, 1);
      x.csrf_token = GetText(r, 2);
      x.second_factor_done = GetInt(r, 3) != 0;
      x.created_at = GetTime(r, 4);
      x.expires_at = GetTime(r, 5);
      found = x;
    }
    return Status();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("session_not_found");
  return *found;
}

Status SociAccountRepo::UpdateSession(const auth::Session& s) {
  return Guard([&]() -> Status {
    int done = s.second_factor_done;
    long long expires = ToUnixSeconds(s.expires_at);
    sql_ << "UPDATE sessions SET second_factor_done = :d, expires_at = :e, csrf_token = :c "
            "WHERE id_hash = :h",
        soci::use(done), soci::use(expires), soci::use(s.csrf_token), soci::use(s.id_hash);
    return Status();
  });
}

Status SociAccountRepo::DeleteSession(const std::string& id_hash) {
  return Guard([&]() -> Status {
    sql_ << "DELETE FROM sessions WHERE id_hash = :h", soci::use(id_hash);
    return Status();
  });
}

Status SociAccountRepo::DeleteSessionsOf(int64_t account_id) {
  return Guard([&]() -> Status {
    long long id = account_id;
    sql_ << "DELETE FROM sessions WHERE account_id = :a", soci::use(id);
    return Status();
  });
}

Result<int64_t> SociAccountRepo::AddApiToken(const auth::ApiToken& t) {
  long long id = 0;
  Status s = Guard([&]() -> Status {
    long long account = t.account_id, created = ToUnixSeconds(t.created_at);
    long long expires = t.expires_at ? ToUnixSeconds(*t.expires_at) : 0;
    soci::indicator expires_ind = t.expires_at ? soci::i_ok : soci::i_null;
    sql_ << "INSERT INTO api_tokens (account_id, name, token_hash, created_at, expires_at) "
            "VALUES (:a, :n, :h, :c, :e) RETURNING id",
        soci::use(account), soci::use(t.name), soci::use(t.token_hash), soci::use(created),
        soci::use(expires, expires_ind), soci::into(id);
    return Status();
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(id);
}

namespace {
auth::ApiToken TokenFromRow(const soci::row& r) {
  auth::ApiToken t;
  t.id = GetInt(r, 0);
  t.account_id = GetInt(r, 1);
  t.name = GetText(r, 2);
  t.token_hash = GetText(r, 3);
  t.created_at = GetTime(r, 4);
  if (auto e = GetOptInt(r, 5)) t.expires_at = FromUnixSeconds(*e);
  t.revoked = GetInt(r, 6) != 0;
  return t;
}
constexpr char kTokenColumns[] =
    "SELECT id, account_id, name, token_hash, created_at, expires_at, revoked FROM api_tokens ";
}  // namespace

Result<auth::ApiToken> SociAccountRepo::FindApiToken(const std::string& token_hash) {
  std::optional<auth::ApiToken> found;
  Status s = Guard([&]() -> Status {
    st_.Query(std::string(kTokenColumns) + "WHERE token_hash = :h", {token_hash},
              [&](const soci::row& r) { found = TokenFromRow(r); });
    return Status();
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("token_not_found");
  return *found;
}

Result<std::vector<auth::ApiToken>> SociAccountRepo::ListApiTokens(int64_t account_id) {
  std::vector<auth::ApiToken> out;
  Status s = Guard([&]() -> Status {
    long long id = account_id;
    soci::rowset<soci::row> rows =
        (sql_.prepare << std::string(kTokenColumns) + "WHERE account_id = :a ORDER BY id",
         soci::use(id));
    for (const auto& r : rows) out.push_back(TokenFromRow(r));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Status SociAccountRepo::RevokeApiToken(int64_t account_id, int64_t token_id) {
  return Guard([&]() -> Status {
    long long a = account_id, t = token_id;
    soci::statement st = (sql_.prepare << "UPDATE api_tokens SET revoked = 1 WHERE id = :t AND "
                                          "account_id = :a AND revoked = 0",
                          soci::use(t), soci::use(a));
    st.execute(true);
    if (st.get_affected_rows() != 1) return Status::NotFound("token_not_found");
    return Status();
  });
}

Status SociAccountRepo::AddOneTimeToken(const std::string& token_hash, int64_t account_id,
                                        auth::OneTimePurpose purpose, TimePoint expires_at) {
  return Guard([&]() -> Status {
    long long a = account_id, e = ToUnixSeconds(expires_at);
    std::string p = PurposeName(purpose);
    sql_ << "INSERT INTO one_time_tokens (token_hash, account_id, purpose, expires_at) "
            "VALUES (:h, :a, :p, :e)",
        soci::use(token_hash), soci::use(a), soci::use(p), soci::use(e);
    return Status();
  });
}

Result<int64_t> SociAccountRepo::ConsumeOneTimeToken(const std::string& token_hash,
                                                     auth::OneTimePurpose purpose, TimePoint now) {
  long long account = 0;
  long long expires = 0;
  Status s = Guard([&]() -> Status {
    std::string p = PurposeName(purpose);
    soci::indicator ind = soci::i_null;
    sql_ << "DELETE FROM one_time_tokens WHERE token_hash = :h AND purpose = :p "
            "RETURNING account_id, expires_at",
        soci::use(token_hash), soci::use(p), soci::into(account, ind), soci::into(expires);
    if (!sql_.got_data() || ind == soci::i_null) return Status::NotFound("link_invalid");
    return Status();
  });
  if (!s.ok()) return s;
  if (expires <= ToUnixSeconds(now)) return Status::NotFound("link_expired");
  return static_cast<int64_t>(account);
}

Status SociAccountRepo::ReplaceRecoveryCodes(int64_t account_id,
                                             const std::vector<std::string>& hashes) {
  return Guard([&]() -> Status {
    long long a = account_id;
    sql_ << "DELETE FROM recovery_codes WHERE account_id = :a", soci::use(a);
    for (const std::string& h : hashes) {
      sql_ << "INSERT INTO recovery_codes (account_id, code_hash) VALUES (:a, :h)", soci::use(a),
          soci::use(h);
    }
    return Status();
  });
}

Result<bool> SociAccountRepo::UseRecoveryCode(int64_t account_id, const std::string& hash) {
  bool used = false;
  Status s = Guard([&]() -> Status {
    long long a = account_id;
    soci::statement st = (sql_.prepare << "DELETE FROM recovery_codes WHERE account_id = :a AND "
                                          "code_hash = :h",
                          soci::use(a), soci::use(hash));
    st.execute(true);
    used = st.get_affected_rows() == 1;
    return Status();
  });
  if (!s.ok()) return s;
  return used;
}

Status SociAccountRepo::AssignAgency(int64_t account_id, int64_t agency_id) {
  return Guard(
      [&]() -> Status {
        long long a = account_id, g = agency_id;
        sql_ << "INSERT INTO operator_agencies (account_id, agency_id) VALUES (:a, :g)",
            soci::use(a), soci::use(g);
        return Status();
      },
      "agency_already_assigned");
}

Status SociAccountRepo::UnassignAgency(int64_t account_id, int64_t agency_id) {
  return Guard([&]() -> Status {
    long long a = account_id, g = agency_id;
    sql_ << "DELETE FROM operator_agencies WHERE account_id = :a AND agency_id = :g",
        soci::use(a), soci::use(g);
    return Status();
  });
}

Result<std::vector<int64_t>> SociAccountRepo::Ids(const std::string& sql, int64_t key) {
  std::vector<int64_t> out;
  Status s = Guard([&]() -> Status {
    st_.Query(sql, {key}, [&](const soci::row& r) { out.push_back(GetInt(r, 0)); });
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<int64_t>> SociAccountRepo::AssignedAgencies(int64_t account_id) {
  return Ids("SELECT agency_id FROM operator_agencies WHERE account_id = :a ORDER BY agency_id",
             account_id);
}

Result<std::vector<int64_t>> SociAccountRepo::OperatorsOf(int64_t agency_id) {
  return Ids("SELECT a.id FROM operator_agencies o JOIN accounts a ON a.id = o.account_id "
             "WHERE o.agency_id = :g AND a.role = 'operator' AND a.disabled = 0 ORDER BY a.id",
             agency_id);
}

Result<std::vector<int64_t>> SociAccountRepo::FindApplicants(
    const std::string& needle, const std::optional<std::vector<int64_t>>& agencies, size_t limit) {
  std::vector<int64_t> out;
  if (agencies && agencies->empty()) return out;
  Status s = Guard([&]() -> Status {
    // The needle is a value, bound; only its LIKE wildcards are escaped.
    std::string pattern = "%";
    for (char c : needle) {
      if (c == '\\' || c == '%' || c == '_') pattern += '\\';
      pattern += c;
    }
    pattern += '%';
    std::string sql =
        "SELECT a.id FROM accounts a LEFT JOIN identity_versions v ON v.account_id = a.id AND "
        "v.version = (SELECT MAX(m.version) FROM identity_versions m WHERE m.account_id = a.id) "
        "WHERE a.role = 'applicant' AND (" + d_.LowerAscii("a.email") + " LIKE :p1 ESCAPE '\\' OR " +
        d_.LowerAscii("a.display_name") + " LIKE :p2 ESCAPE '\\' OR " +
        d_.LowerAscii("v.full_name") + " LIKE :p3 ESCAPE '\\' OR v.nip LIKE :p4 ESCAPE '\\' OR " +
        d_.LowerAscii("v.email") + " LIKE :p5 ESCAPE '\\')";
    if (agencies) {
      // Integers from the caller's actor, never text: safe to inline.
      sql += " AND v.agency_id IN (";
      for (size_t i = 0; i < agencies->size(); ++i) {
        sql += (i ? ", " : "") + std::to_string((*agencies)[i]);
      }
      sql += ")";
    }
    sql += " ORDER BY COALESCE(v.full_name, a.display_name), a.id LIMIT " + std::to_string(limit);
    soci::rowset<soci::row> rows = (sql_.prepare << sql, soci::use(pattern), soci::use(pattern),
                                    soci::use(pattern), soci::use(pattern), soci::use(pattern));
    for (const auto& r : rows) out.push_back(GetInt(r, 0));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ams::store
