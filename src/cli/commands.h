#pragma once

#include <functional>
#include <memory>
#include <string>

#include "app/application.h"

namespace CLI {
class App;
}

// The `ams` subcommands. Each parses its flags, calls a service and prints;
// none holds logic of its own. Exit codes: 0 done, 1 the operation failed,
// 2 bad usage (CLI11).
namespace ams::cli {

struct CommonOptions {
  std::string data_dir;
  std::string config_file;
  std::string database_url;
  std::string listen;
};

using AddCommon = std::function<void(CLI::App*)>;

// The configuration with the command line's overrides applied, or nullptr
// after printing why not.
std::unique_ptr<app::Config> LoadConfigOrPrint(const CommonOptions& common);
// Opens the application (database migrated), or nullptr after printing why not.
std::unique_ptr<app::Application> OpenOrPrint(const CommonOptions& common);
// Prints "ams: <what>: <reason> (<detail>)" to stderr and returns 1.
int Fail(const std::string& what, const Status& status);

int RunInit(const CommonOptions& common);
int RunServe(const CommonOptions& common);
int RunDemo(const CommonOptions& common);
int RunMigrate(const CommonOptions& common);
void AddUserCommands(CLI::App& app, CommonOptions& common, const AddCommon& add_common,
                     int& exit_code);
// `ams cert issue|revoke|list` and `ams crl generate` (cert_cmd.cc).
void AddCertCommands(CLI::App& app, CommonOptions& common, const AddCommon& add_common,
                     int& exit_code);
// `ams notify reminders|outbox` (notify_cmd.cc).
void AddNotifyCommands(CLI::App& app, CommonOptions& common, const AddCommon& add_common,
                       int& exit_code);
void AddAuditCommands(CLI::App& app, CommonOptions& common, const AddCommon& add_common,
                      int& exit_code);

}  // namespace ams::cli
