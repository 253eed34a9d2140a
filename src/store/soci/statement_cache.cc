#include "store/soci/statement_cache.h"

namespace ams::store {

StatementCache::~StatementCache() = default;

StatementCache::Entry& StatementCache::Bind(const std::string& sql,
                                            const std::vector<SqlParam>& params, bool with_rows) {
  // The key carries the parameter kinds: the slots were bound with types.
  std::string key;
  key.reserve(sql.size() + params.size() + 2);
  key += with_rows ? 'R' : 'X';
  for (const SqlParam& p : params) key += p.kind == SqlParam::Kind::kInt ? 'i' : 't';
  key += '|';
  key += sql;
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    // Bounded: only fixed statement texts come here, but a bug must not
    // grow it without end.
    if (entries_.size() >= max_entries_) entries_.clear();
    auto entry = std::make_unique<Entry>(sql_);
    entry->slots.resize(params.size());
    soci::statement& st = entry->statement;
    st.alloc();
    st.prepare(sql);
    // The order SOCI needs: parameters defined and bound first, then the
    // row (it is described at the first execute).
    for (size_t i = 0; i < params.size(); ++i) {
      Slot& slot = entry->slots[i];
      if (params[i].kind == SqlParam::Kind::kInt) {
        st.exchange(soci::use(slot.integer, slot.indicator));
      } else {
        st.exchange(soci::use(slot.text, slot.indicator));
      }
    }
    st.define_and_bind();
    if (with_rows) st.exchange_for_rowset(soci::into(entry->row));
    it = entries_.emplace(std::move(key), std::move(entry)).first;
  }
  Entry& e = *it->second;
  for (size_t i = 0; i < params.size(); ++i) {
    e.slots[i].integer = params[i].integer;
    e.slots[i].text = params[i].text;
    e.slots[i].indicator = params[i].null ? soci::i_null : soci::i_ok;
  }
  return e;
}

void StatementCache::Query(const std::string& sql, const std::vector<SqlParam>& params,
                           const std::function<void(const soci::row&)>& on_row) {
  Entry& e = Bind(sql, params, /*with_rows=*/true);
  try {
    for (bool got = e.statement.execute(true); got; got = e.statement.fetch()) on_row(e.row);
  } catch (...) {
    // A statement that failed half-way is not reused.
    entries_.clear();
    throw;
  }
}

long long StatementCache::Exec(const std::string& sql, const std::vector<SqlParam>& params) {
  Entry& e = Bind(sql, params, /*with_rows=*/false);
  try {
    e.statement.execute(true);
    return e.statement.get_affected_rows();
  } catch (...) {
    entries_.clear();
    throw;
  }
}

}  // namespace ams::store
