#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

namespace ams::store {
namespace {

constexpr char kColumns[] =
    "id, recipient, subject, body, dedup_key, attempts, next_attempt_at, last_error, failed_at";

notify::OutgoingMail MailFromRow(const soci::row& r) {
  notify::OutgoingMail m;
  m.id = GetInt(r, 0);
  m.to = GetText(r, 1);
  m.subject = GetText(r, 2);
  m.body_text = GetText(r, 3);
  m.dedup_key = GetText(r, 4);
  m.attempts = static_cast<int>(GetInt(r, 5));
  m.next_attempt_at = GetTime(r, 6);
  m.last_error = GetText(r, 7);
  if (std::optional<int64_t> failed = GetOptInt(r, 8)) m.failed_at = FromUnixSeconds(*failed);
  return m;
}

}  // namespace

Result<bool> SociOutboxRepo::Enqueue(const notify::OutgoingMail& m) {
  bool inserted = true;
  Status s = Guard([&]() -> Status {
    long long next = ToUnixSeconds(m.next_attempt_at);
    const std::optional<std::string> key =
        m.dedup_key.empty() ? std::nullopt : std::optional<std::string>(m.dedup_key);
    if (key) {
      bool taken = false;
      st_.Query("SELECT 1 FROM outbox WHERE dedup_key = :k LIMIT 1", {*key},
                [&](const soci::row&) { taken = true; });
      if (taken) {
        inserted = false;
        return Status();
      }
    }
    st_.Exec("INSERT INTO outbox (recipient, subject, body, dedup_key, next_attempt_at, created_at) "
             "VALUES (:r, :s, :b, :k, :n, :c)",
             {m.to, m.subject, m.body_text, key, next, next});
    return Status();
  });
  if (!s.ok()) return s;
  return inserted;
}

Result<std::vector<notify::OutgoingMail>> SociOutboxRepo::ClaimDue(TimePoint now,
                                                                   TimePoint lease_until,
                                                                   int limit) {
  std::vector<notify::OutgoingMail> out;
  Status s = Guard([&]() -> Status {
    long long t = ToUnixSeconds(now), lease = ToUnixSeconds(lease_until);
    // Prepared once per session (StatementCache): the dispatcher claims and
    // settles every mail, as many per second as certificates are issued.
    st_.Query(std::string("SELECT ") + kColumns +
                  " FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND "
                  "next_attempt_at <= :t ORDER BY id LIMIT :n" + d_.ForUpdateSkipLocked(),
              {t, limit}, [&](const soci::row& r) { out.push_back(MailFromRow(r)); });
    // The lease: not due again before lease_until, whoever looks. The rows
    // are locked by the SELECT above until this short transaction commits.
    for (notify::OutgoingMail& m : out) {
      st_.Exec("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :l WHERE id = :i",
               {lease, m.id});
      m.attempts += 1;
      m.next_attempt_at = lease_until;
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<bool> SociOutboxRepo::Settle(int64_t id, int attempt, const std::string& set,
                                    const std::string& error, long long time) {
  bool done = false;
  Status s = Guard([&]() -> Status {
    // attempts = the claim's number: only the holder of the lease settles it.
    done = st_.Exec("UPDATE outbox SET " + set +
                        " WHERE id = :i AND attempts = :a AND sent_at IS NULL AND "
                        "failed_at IS NULL",
                    {error, time, id, attempt}) == 1;
    return Status();
  });
  if (!s.ok()) return s;
  return done;
}

Result<bool> SociOutboxRepo::MarkSent(int64_t id, int attempt, TimePoint at) {
  return Settle(id, attempt, "last_error = :e, sent_at = :t", "", ToUnixSeconds(at));
}

Result<bool> SociOutboxRepo::MarkFailed(int64_t id, int attempt, const std::string& error,
                                        TimePoint retry_at) {
  return Settle(id, attempt, "last_error = :e, next_attempt_at = :t", error,
                ToUnixSeconds(retry_at));
}

Result<bool> SociOutboxRepo::GiveUp(int64_t id, int attempt, const std::string& error,
                                    TimePoint at) {
  return Settle(id, attempt, "last_error = :e, failed_at = :t", error, ToUnixSeconds(at));
}

Result<bool> SociOutboxRepo::Release(int64_t id, int attempt, TimePoint due,
                                     const std::string& note) {
  bool done = false;
  Status s = Guard([&]() -> Status {
    // An empty note keeps last_error: it tells what the last real attempt met.
    done = st_.Exec("UPDATE outbox SET attempts = attempts - 1, next_attempt_at = :t, "
                    "last_error = COALESCE(NULLIF(:e, ''), last_error) "
                    "WHERE id = :i AND attempts = :a AND sent_at IS NULL AND failed_at IS NULL",
                    {ToUnixSeconds(due), note, id, attempt}) == 1;
    return Status();
  });
  if (!s.ok()) return s;
  return done;
}

Result<int64_t> SociOutboxRepo::Count(const char* where) {
  long long n = 0;
  Status s = Guard([&]() -> Status {
    sql_ << std::string("SELECT COUNT(*) FROM outbox WHERE ") + where, soci::into(n);
    return Status();
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(n);
}

Result<int64_t> SociOutboxRepo::CountPending() {
  return Count("sent_at IS NULL AND failed_at IS NULL");
}

Result<int64_t> SociOutboxRepo::CountFailed() { return Count("failed_at IS NOT NULL"); }

Result<std::vector<notify::OutgoingMail>> SociOutboxRepo::ListUnsent(int limit) {
  std::vector<notify::OutgoingMail> out;
  Status s = Guard([&]() -> Status {
    soci::rowset<soci::row> rows =
        (sql_.prepare << std::string("SELECT ") + kColumns +
                             " FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT " +
                             std::to_string(limit));
    for (const auto& r : rows) out.push_back(MailFromRow(r));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::optional<notify::OutgoingMail>> SociOutboxRepo::FindByDedupKey(
    const std::string& key) {
  std::optional<notify::OutgoingMail> out;
  Status s = Guard([&]() -> Status {
    soci::rowset<soci::row> rows =
        (sql_.prepare << std::string("SELECT ") + kColumns + ", sent_at FROM outbox WHERE dedup_key = :k",
         soci::use(key));
    for (const auto& r : rows) {
      out = MailFromRow(r);
      if (std::optional<int64_t> sent = GetOptInt(r, 9)) out->sent_at = FromUnixSeconds(*sent);
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ams::store
