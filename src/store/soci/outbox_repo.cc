#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

namespace ams::store {

Result<bool> SociOutboxRepo::Enqueue(const notify::OutgoingMail& m) {
  bool inserted = true;
  Status s = Guard([&]() -> Status {
    long long next = ToUnixSeconds(m.next_attempt_at);
    soci::indicator key_ind = m.dedup_key.empty() ? soci::i_null : soci::i_ok;
    if (!m.dedup_key.empty()) {
      long long n = 0;
      sql_ << "SELECT COUNT(*) FROM outbox WHERE dedup_key = :k", soci::use(m.dedup_key),
          soci::into(n);
      if (n > 0) {
        inserted = false;
        return Status();
      }
    }
    sql_ << "INSERT INTO outbox (recipient, subject, body, dedup_key, next_attempt_at, created_at) "
            "VALUES (:r, :s, :b, :k, :n, :c)",
        soci::use(m.to), soci::use(m.subject), soci::use(m.body_text),
        soci::use(m.dedup_key, key_ind), soci::use(next), soci::use(next);
    return Status();
  });
  if (!s.ok()) return s;
  return inserted;
}

Result<std::vector<notify::OutgoingMail>> SociOutboxRepo::ClaimDue(TimePoint now, int limit) {
  std::vector<notify::OutgoingMail> out;
  Status s = Guard([&]() -> Status {
    long long t = ToUnixSeconds(now);
    soci::rowset<soci::row> rows =
        (sql_.prepare << std::string("SELECT id, recipient, subject, body, dedup_key, attempts, "
                                     "next_attempt_at, last_error FROM outbox WHERE sent_at IS "
                                     "NULL AND next_attempt_at <= :t ORDER BY id LIMIT ") +
                             std::to_string(limit) + d_.ForUpdateSkipLocked(),
         soci::use(t));
    for (const auto& r : rows) {
      notify::OutgoingMail m;
      m.id = GetInt(r, 0);
      m.to = GetText(r, 1);
      m.subject = GetText(r, 2);
      m.body_text = GetText(r, 3);
      m.dedup_key = GetText(r, 4);
      m.attempts = static_cast<int>(GetInt(r, 5));
      m.next_attempt_at = GetTime(r, 6);
      m.last_error = GetText(r, 7);
      out.push_back(std::move(m));
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Status SociOutboxRepo::MarkSent(int64_t id, TimePoint at) {
  return Guard([&]() -> Status {
    long long i = id, t = ToUnixSeconds(at);
    sql_ << "UPDATE outbox SET sent_at = :t, attempts = attempts + 1 WHERE id = :i", soci::use(t),
        soci::use(i);
    return Status();
  });
}

Status SociOutboxRepo::MarkFailed(int64_t id, const std::string& error, TimePoint retry_at) {
  return Guard([&]() -> Status {
    long long i = id, t = ToUnixSeconds(retry_at);
    sql_ << "UPDATE outbox SET attempts = attempts + 1, last_error = :e, next_attempt_at = :t "
            "WHERE id = :i",
        soci::use(error), soci::use(t), soci::use(i);
    return Status();
  });
}

Result<int64_t> SociOutboxRepo::CountPending() {
  long long n = 0;
  Status s = Guard([&]() -> Status {
    sql_ << "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL", soci::into(n);
    return Status();
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(n);
}

}  // namespace ams::store
