#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

namespace ams::store {

Result<int64_t> SociNotificationRepo::Add(const notify::Notification& n) {
  long long id = 0;
  Status s = Guard([&]() -> Status {
    long long account = n.account_id, created = ToUnixSeconds(n.created_at);
    id = d_.InsertReturningId(
        sql_, st_,
        "INSERT INTO notifications (account_id, event, title_id, title_en, body_id, body_en, "
        "link, created_at) VALUES (:a, :e, :ti, :te, :bi, :be, :l, :c)",
        {account, n.event, n.title_id, n.title_en, n.body_id, n.body_en, n.link, created});
    return Status();
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(id);
}

Result<std::vector<notify::Notification>> SociNotificationRepo::List(int64_t account_id, int limit,
                                                                     int offset,
                                                                     bool unread_only) {
  std::vector<notify::Notification> out;
  Status s = Guard([&]() -> Status {
    long long account = account_id;
    // limit and offset are ints from the caller, never text: safe to inline.
    const std::string sql =
        std::string("SELECT id, account_id, event, title_id, title_en, body_id, body_en, link, "
                    "created_at, read_at FROM notifications WHERE account_id = :a") +
        (unread_only ? " AND read_at IS NULL" : "") + " ORDER BY id DESC LIMIT " +
        std::to_string(limit) + " OFFSET " + std::to_string(offset);
    soci::rowset<soci::row> rows = (sql_.prepare << sql, soci::use(account));
    for (const auto& r : rows) {
      notify::Notification n;
      n.id = GetInt(r, 0);
      n.account_id = GetInt(r, 1);
      n.event = GetText(r, 2);
      n.title_id = GetText(r, 3);
      n.title_en = GetText(r, 4);
      n.body_id = GetText(r, 5);
      n.body_en = GetText(r, 6);
      n.link = GetText(r, 7);
      n.created_at = GetTime(r, 8);
      if (std::optional<int64_t> read = GetOptInt(r, 9)) n.read_at = FromUnixSeconds(*read);
      out.push_back(std::move(n));
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<int64_t> SociNotificationRepo::CountUnread(int64_t account_id) {
  long long n = 0;
  Status s = Guard([&]() -> Status {
    long long account = account_id;
    sql_ << "SELECT COUNT(*) FROM notifications WHERE account_id = :a AND read_at IS NULL",
        soci::use(account), soci::into(n);
    return Status();
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(n);
}

Status SociNotificationRepo::MarkRead(int64_t account_id, int64_t id, TimePoint at) {
  return Guard([&]() -> Status {
    long long account = account_id, nid = id, t = ToUnixSeconds(at);
    // COALESCE keeps the first read time; the row still counts as found.
    soci::statement st =
        (sql_.prepare << "UPDATE notifications SET read_at = COALESCE(read_at, :t) "
                         "WHERE id = :i AND account_id = :a",
         soci::use(t), soci::use(nid), soci::use(account));
    st.execute(true);
    // Another account's id answers exactly like an unknown one: no probing.
    if (st.get_affected_rows() != 1) return Status::NotFound("notification_not_found");
    return Status();
  });
}

Result<int64_t> SociNotificationRepo::MarkAllRead(int64_t account_id, TimePoint at) {
  long long changed = 0;
  Status s = Guard([&]() -> Status {
    long long account = account_id, t = ToUnixSeconds(at);
    soci::statement st =
        (sql_.prepare << "UPDATE notifications SET read_at = :t "
                         "WHERE account_id = :a AND read_at IS NULL",
         soci::use(t), soci::use(account));
    st.execute(true);
    changed = st.get_affected_rows();
    return Status();
  });
  if (!s.ok()) return s;
  return static_cast<int64_t>(changed);
}

}  // namespace ams::store
