#include "audit/chain.h"
#include "store/soci/soci_transaction.h"
#include "store/soci/soci_util.h"

namespace ams::store {

audit::AuditRecord AuditRecordFromRow(const soci::row& r) {
  audit::AuditRecord rec;
  rec.seq = GetInt(r, 0);
  rec.event.at = GetTime(r, 1);
  rec.event.actor_id = GetOptInt(r, 2);
  rec.event.actor_label = GetText(r, 3);
  rec.event.action = GetText(r, 4);
  rec.event.object_type = GetText(r, 5);
  rec.event.object_id = GetText(r, 6);
  rec.event.details = GetText(r, 7);
  rec.event.remote_addr = GetText(r, 8);
  rec.prev_hash = GetText(r, 9);
  rec.hash = GetText(r, 10);
  return rec;
}

Result<audit::AuditRecord> SociAuditRepo::Append(const audit::AuditEvent& event) {
  audit::AuditRecord rec;
  Status s = Guard([&]() -> Status {
    if (!head_) {
      // The head row is the chain's lock: every appender waits here in turn,
      // and holds it to the end of its transaction.
      st_.Query(std::string("SELECT seq, hash FROM audit_head WHERE id = 1") + d_.ForUpdate(), {},
                [&](const soci::row& r) { head_ = Head{GetInt(r, 0), GetText(r, 1)}; });
      if (!head_) return Status::Internal("audit_head row is missing");
    }
    rec.seq = head_->seq + 1;
    rec.event = event;
    rec.prev_hash = head_->hash;
    rec.hash = audit::ChainHash(rec.prev_hash, rec.seq, rec.event);

    long long seq = rec.seq, at = ToUnixSeconds(event.at);
    st_.Exec("INSERT INTO audit_log (seq, at, actor_id, actor_label, action, object_type, "
             "object_id, details, remote_addr, prev_hash, hash) VALUES (:s, :at, :ai, :al, :ac, "
             ":ot, :oi, :d, :ra, :ph, :h)",
             {seq, at, event.actor_id, event.actor_label, event.action, event.object_type,
              event.object_id, event.details, event.remote_addr, rec.prev_hash, rec.hash});
    head_->seq = seq;
    head_->hash = rec.hash;
    head_moved_ = true;
    return Status();
  });
  if (!s.ok()) return s;
  return rec;
}

void SociAuditRepo::WriteHead() {
  if (!head_moved_) return;
  st_.Exec("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1", {head_->seq, head_->hash});
  head_moved_ = false;
}

Result<std::vector<audit::AuditRecord>> SociAuditRepo::Query(const audit::AuditFilter& f) {
  std::vector<audit::AuditRecord> out;
  Status s = Guard([&]() -> Status {
    // Every value is bound; only the shape of the WHERE clause varies.
    std::string where = " WHERE 1 = 1";
    long long actor = f.actor_id.value_or(0);
    long long from = f.from ? ToUnixSeconds(*f.from) : 0;
    long long to = f.to ? ToUnixSeconds(*f.to) : 0;
    long long before = f.before_seq;
    int limit = f.limit <= 0 ? 50 : std::min(f.limit, 500);
    std::string action = f.action;
    bool action_prefix = !action.empty() && action.back() == '.';
    if (action_prefix) action += "%";
    if (f.actor_id) where += " AND actor_id = :actor";
    if (!f.action.empty()) where += action_prefix ? " AND action LIKE :action" : " AND action = :action";
    if (!f.object_type.empty()) where += " AND object_type = :otype";
    if (!f.object_id.empty()) where += " AND object_id = :oid";
    if (f.from) where += " AND at >= :from";
    if (f.to) where += " AND at < :to";
    if (f.before_seq > 0) where += " AND seq < :before";
    std::string sql = std::string("SELECT ") + kAuditColumns + " FROM audit_log" + where +
                      " ORDER BY seq DESC LIMIT :limit";
    soci::statement st(sql_);
    st.alloc();
    if (f.actor_id) st.exchange(soci::use(actor, "actor"));
    if (!f.action.empty()) st.exchange(soci::use(action, "action"));
    if (!f.object_type.empty()) st.exchange(soci::use(f.object_type, "otype"));
    if (!f.object_id.empty()) st.exchange(soci::use(f.object_id, "oid"));
    if (f.from) st.exchange(soci::use(from, "from"));
    if (f.to) st.exchange(soci::use(to, "to"));
    if (f.before_seq > 0) st.exchange(soci::use(before, "before"));
    st.exchange(soci::use(limit, "limit"));
    soci::row row;
    st.exchange(soci::into(row));
    st.prepare(sql);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) out.push_back(AuditRecordFromRow(row));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ams::store
