#pragma once

#include <functional>
#include <string>
#include <vector>

#include "store/store.h"

namespace ams::testutil {

// A Store that passes every call to a real one (leveldb's EnvWrapper): a
// test overrides only the call it observes or disturbs, e.g. counting reads
// or forcing a retry. Does not own `inner`, which must outlive it.
// As thread-safe as `inner`.
class StoreWrapper : public store::Store {
 public:
  explicit StoreWrapper(store::Store& inner) : inner_(inner) {}

  Status InTransaction(const std::function<Status(store::Transaction&)>& work) override {
    return inner_.InTransaction(work);
  }
  Status Read(const std::function<Status(store::Transaction&)>& work) override {
    return inner_.Read(work);
  }
  Result<std::vector<int>> Migrate() override { return inner_.Migrate(); }
  bool Ping() override { return inner_.Ping(); }
  Status ScanAudit(const std::function<bool(const audit::AuditRecord&)>& visit,
                   store::AuditHead* head) override {
    return inner_.ScanAudit(visit, head);
  }
  std::string EngineName() const override { return inner_.EngineName(); }

 private:
  store::Store& inner_;
};

}  // namespace ams::testutil
