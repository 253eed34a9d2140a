#include <iostream>

#include "cli/commands.h"
#include "store/soci/soci_store.h"

namespace ams::cli {

int Fail(const std::string& what, const Status& status) {
  std::cerr << "ams: " << what << ": " << status.reason();
  if (!status.detail().empty()) std::cerr << " (" << status.detail() << ")";
  std::cerr << "\n";
  return 1;
}

std::unique_ptr<app::Config> LoadConfigOrPrint(const CommonOptions& common) {
  Result<app::Config> config = app::LoadConfig(common.config_file);
  if (!config.ok()) {
    Fail("configuration", config.status());
    return nullptr;
  }
  if (!common.data_dir.empty()) config->data_dir = common.data_dir;
  if (!common.database_url.empty()) config->database_url = common.database_url;
  if (!common.listen.empty()) config->listen = common.listen;
  return std::make_unique<app::Config>(*config);
}

std::unique_ptr<app::Application> OpenOrPrint(const CommonOptions& common) {
  std::unique_ptr<app::Config> config = LoadConfigOrPrint(common);
  if (!config) return nullptr;
  Result<std::unique_ptr<app::Application>> app = app::Application::Open(*config);
  if (!app.ok()) {
    Fail("cannot open the database", app.status());
    return nullptr;
  }
  return std::move(*app);
}

int RunServe(const CommonOptions& common) {
  auto app = OpenOrPrint(common);
  if (!app) return 1;
  Status s = app->Serve();
  if (!s.ok()) return Fail("serve", s);
  return 0;
}

int RunMigrate(const CommonOptions& common) {
  std::unique_ptr<app::Config> config = LoadConfigOrPrint(common);
  if (!config) return 1;
  auto store = store::OpenStore(config->DatabaseUrl(), 1);
  if (!store.ok()) return Fail("cannot open the database", store.status());
  auto applied = (*store)->Migrate();
  if (!applied.ok()) return Fail("migrate", applied.status());
  if (applied->empty()) std::cout << "The schema is up to date.\n";
  for (int v : *applied) std::cout << "Applied migration " << v << "\n";
  return 0;
}

}  // namespace ams::cli
