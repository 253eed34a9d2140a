#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/commands.h"

namespace ams::cli {

namespace {

struct UserOptions {
  std::string email, name, role = "applicant", password_file, new_role;
  std::vector<std::string> agencies;  // agency codes an operator works for
};

// The ids of the agencies with these codes (case-sensitive, as created).
Result<std::vector<int64_t>> AgencyIds(app::Application& app, const std::vector<std::string>& codes) {
  std::vector<identity::Agency> all;
  Status s = app.store().Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(all, tx.agencies().List());
    return Status();
  });
  if (!s.ok()) return s;
  std::vector<int64_t> ids;
  for (const std::string& code : codes) {
    auto it = std::find_if(all.begin(), all.end(), [&](const identity::Agency& a) { return a.code == code; });
    if (it == all.end()) return Status::NotFound("agency_not_found", "no agency with code " + code);
    ids.push_back(it->id);
  }
  return ids;
}

// The password never comes from the command line, where `ps` would show it.
// kInvalidArgument "password_missing" when neither source gives one.
Result<std::string> NewPassword(const UserOptions& o) {
  std::string password;
  if (!o.password_file.empty()) {
    std::ifstream in(o.password_file);
    std::getline(in, password);
  } else if (const char* env = std::getenv("AMS_NEW_PASSWORD")) {
    password = env;
  }
  if (password.empty()) {
    return Status::Invalid("password_missing", "give --password-file or AMS_NEW_PASSWORD");
  }
  return password;
}

int Add(const CommonOptions& common, const UserOptions& o) {
  auto app = OpenOrPrint(common);
  if (!app) return 1;
  Result<auth::Role> role = auth::ParseRole(o.role);
  if (!role.ok()) return Fail("--role", role.status());
  Result<std::string> password = NewPassword(o);
  if (!password.ok()) return Fail("password", password.status());
  auth::NewAccount in;
  in.email = o.email;
  in.display_name = o.name.empty() ? o.email.substr(0, o.email.find('@')) : o.name;
  in.role = *role;
  in.password = SecretString(*password);
  if (!o.agencies.empty()) {
    Result<std::vector<int64_t>> ids = AgencyIds(*app, o.agencies);
    if (!ids.ok()) return Fail("--agency", ids.status());
    in.agencies = *ids;
  }
  Result<int64_t> id = app->accounts().CreateAccount(auth::Actor::System(), in);
  if (!id.ok()) return Fail("user add", id.status());
  std::cout << "Created " << auth::ToString(*role) << " " << o.email << " (id " << *id << ")\n";
  return 0;
}

int List(const CommonOptions& common) {
  auto app = OpenOrPrint(common);
  if (!app) return 1;
  auto accounts = app->accounts().ListAccounts(auth::Actor::System());
  if (!accounts.ok()) return Fail("user list", accounts.status());
  std::cout << "id\temail\trole\tverified\tdisabled\n";
  for (const auto& a : *accounts) {
    std::cout << a.id << "\t" << a.email << "\t" << auth::ToString(a.role) << "\t"
              << (a.email_verified ? "yes" : "no") << "\t" << (a.disabled ? "yes" : "no") << "\n";
  }
  return 0;
}

int SetRole(const CommonOptions& common, const UserOptions& o) {
  auto app = OpenOrPrint(common);
  if (!app) return 1;
  Result<auth::Role> role = auth::ParseRole(o.new_role);
  if (!role.ok()) return Fail("role", role.status());
  Status s = app->accounts().SetRole(auth::Actor::System(), o.email, *role);
  if (!s.ok()) return Fail("user set-role", s);
  std::cout << o.email << " is now " << auth::ToString(*role) << "\n";
  return 0;
}

int Disable(const CommonOptions& common, const UserOptions& o, bool disabled) {
  auto app = OpenOrPrint(common);
  if (!app) return 1;
  Status s = app->accounts().SetDisabled(auth::Actor::System(), o.email, disabled);
  if (!s.ok()) return Fail(disabled ? "user disable" : "user enable", s);
  std::cout << o.email << (disabled ? " is disabled" : " is enabled") << "\n";
  return 0;
}

// The way back in when the only admin forgot their password (the web reset
// is for someone else's account).
int ResetPassword(const CommonOptions& common, const UserOptions& o) {
  Result<std::string> password = NewPassword(o);
  if (!password.ok()) return Fail("password", password.status());
  auto app = OpenOrPrint(common);
  if (!app) return 1;
  Status s = app->accounts().ResetPassword(auth::Actor::System(), o.email, SecretString(*password));
  if (!s.ok()) return Fail("user reset-password", s);
  std::cout << "New password set for " << o.email << "; its sessions have ended\n";
  return 0;
}

}  // namespace

void AddUserCommands(CLI::App& app, CommonOptions& common, const AddCommon& add_common,
                     int& exit_code) {
  static UserOptions o;
  auto* user = app.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);

  auto* add = user->add_subcommand("add", "Add an account (password from --password-file or AMS_NEW_PASSWORD)");
  add_common(add);
  add->add_option("--email", o.email, "E-mail address (the login)")->required();
  add->add_option("--name", o.name, "Full name");
  add->add_option("--role", o.role, "applicant, operator, admin or auditor")->capture_default_str();
  add->add_option("--password-file", o.password_file, "File whose first line is the password");
  add->add_option("--agency", o.agencies, "Code of an agency an operator works for (repeatable)");
  add->callback([&] { exit_code = Add(common, o); });

  auto* list = user->add_subcommand("list", "List the accounts");
  add_common(list);
  list->callback([&] { exit_code = List(common); });

  auto* set_role = user->add_subcommand("set-role", "Change the role of an account");
  add_common(set_role);
  set_role->add_option("email", o.email, "E-mail of the account")->required();
  set_role->add_option("role", o.new_role, "applicant, operator, admin or auditor")->required();
  set_role->callback([&] { exit_code = SetRole(common, o); });

  auto* disable = user->add_subcommand("disable", "Disable an account (its sessions end)");
  add_common(disable);
  disable->add_option("email", o.email, "E-mail of the account")->required();
  disable->callback([&] { exit_code = Disable(common, o, true); });

  auto* reset = user->add_subcommand(
      "reset-password",
      "Set a new password (from --password-file or AMS_NEW_PASSWORD); lifts a lockout, ends sessions");
  add_common(reset);
  reset->add_option("email", o.email, "E-mail of the account")->required();
  reset->add_option("--password-file", o.password_file, "File whose first line is the password");
  reset->callback([&] { exit_code = ResetPassword(common, o); });

  auto* enable = user->add_subcommand("enable", "Enable a disabled account");
  add_common(enable);
  enable->add_option("email", o.email, "E-mail of the account")->required();
  enable->callback([&] { exit_code = Disable(common, o, false); });
}

}  // namespace ams::cli
