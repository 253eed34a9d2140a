#include "cli/main_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace ams::cli {

int Main(int argc, char** argv) {
  CLI::App app{"AMS — Aplikasi Manajemen Sertifikat: registration and certificate authority", "ams"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show the help of every subcommand");

  CommonOptions common;
  int exit_code = 0;
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("--data", common.data_dir, "Data folder (database, CA, outbox)");
    cmd->add_option("--config", common.config_file, "TOML configuration file");
    cmd->add_option("--database", common.database_url,
                    "Database URL: postgresql://... or sqlite:PATH (default: sqlite in --data)");
  };

  auto* version = app.add_subcommand("version", "Print the version of ams");
  version->callback([] { std::cout << "ams " << AMS_VERSION << "\n"; });

  auto* init = app.add_subcommand("init", "Create the data folder, the database and the CA");
  add_common(init);
  init->callback([&] { exit_code = RunInit(common); });

  auto* serve = app.add_subcommand("serve", "Serve the web interface and the API");
  add_common(serve);
  serve->add_option("--listen", common.listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  serve->callback([&] { exit_code = RunServe(common); });

  auto* demo = app.add_subcommand("demo", "Add the demo agencies and one account per role; prints their passwords");
  add_common(demo);
  demo->callback([&] { exit_code = RunDemo(common); });

  auto* migrate = app.add_subcommand("migrate", "Bring the database schema up to date");
  add_common(migrate);
  migrate->callback([&] { exit_code = RunMigrate(common); });

  AddUserCommands(app, common, add_common, exit_code);
  AddAuditCommands(app, common, add_common, exit_code);
  AddCertCommands(app, common, add_common, exit_code);
  AddNotifyCommands(app, common, add_common, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}

}  // namespace ams::cli
