#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace ams::cli {

namespace {

// `ams audit verify`: walks the whole chain. Exit 0 when intact; 1 naming the
// first record that was edited, deleted or moved.
int Verify(const CommonOptions& common) {
  auto app = OpenOrPrint(common);
  if (!app) return 1;
  auto verdict = app->audit().Verify(auth::Actor::System());
  if (!verdict.ok()) return Fail("audit verify", verdict.status());
  if (verdict->ok) {
    std::cout << "Audit log intact: " << verdict->records << " records, chain verified.\n";
    return 0;
  }
  std::cout << "Audit log TAMPERED at record " << verdict->first_bad_seq << ": "
            << verdict->problem << "\n";
  return 1;
}

}  // namespace

void AddAuditCommands(CLI::App& app, CommonOptions& common, const AddCommon& add_common,
                      int& exit_code) {
  auto* audit = app.add_subcommand("audit", "Read and check the audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Verify the hash chain; names the first bad record");
  add_common(verify);
  verify->callback([&] { exit_code = Verify(common); });
}

}  // namespace ams::cli
