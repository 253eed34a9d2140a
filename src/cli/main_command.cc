#include "cli/main_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ams::cli {

int Main(int argc, char** argv) {
  CLI::App app{"AMS — Aplikasi Manajemen Sertifikat (certificate management)", "ams"};
  app.require_subcommand(1);
  auto* version = app.add_subcommand("version", "Print the version of ams");
  version->callback([] { std::cout << "ams " << AMS_VERSION << "\n"; });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}

}  // namespace ams::cli
