#include "testutil/fresh_store.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "store/postgres/postgres_dialect.h"
#include "store/soci/soci_store.h"

namespace ams::testutil {

std::string EngineName(Engine e) { return e == Engine::kSqlite ? "Sqlite" : "Postgres"; }

std::string MakeTempDir() {
  char tmpl[] = "/tmp/ams-test.XXXXXX";
  if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

namespace {
std::string NewPostgresDatabase(const std::string& base_url) {
  static std::atomic<int> counter{0};
  std::string name = "t_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  soci::session admin(soci::postgresql, *store::PostgresConnectString(base_url));
  admin << "DROP DATABASE IF EXISTS " + name;
  admin << "CREATE DATABASE " + name;
  std::string url = base_url.substr(0, base_url.rfind('/') + 1) + name;
  return url;
}
}  // namespace

std::unique_ptr<store::Store> OpenFreshStore(Engine engine, std::string* url_out) {
  std::string url;
  if (engine == Engine::kSqlite) {
    url = "sqlite:" + MakeTempDir() + "/ams.db";
  } else {
    const char* base = std::getenv("AMS_TEST_PG_URL");
    if (base == nullptr || *base == '\0') return nullptr;
    url = NewPostgresDatabase(base);
  }
  if (url_out) *url_out = url;
  auto store = store::OpenStore(url);
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
  auto migrated = (*store)->Migrate();
  if (!migrated.ok()) throw std::runtime_error(migrated.status().ToString());
  return std::move(*store);
}

}  // namespace ams::testutil
