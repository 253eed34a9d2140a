#include "store/postgres/postgres_dialect.h"
#include "store/soci/soci_store.h"
#include "store/sqlite/sqlite_dialect.h"

namespace ams::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url, size_t pool_size) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return OpenPostgresStore(url, pool_size);
  }
  std::string path = url;
  if (url.rfind("sqlite:", 0) == 0) path = url.substr(7);
  if (path.empty() || path.find("://") != std::string::npos) {
    return Status::Invalid("database_url_invalid",
                           "expected postgresql://... or sqlite:PATH");
  }
  return OpenSqliteStore(path, pool_size);
}

}  // namespace ams::store
