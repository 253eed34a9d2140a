// `ams notify reminders` and `ams notify outbox`: one pass of the expiry
// reminders (what the server also does by itself every few minutes), and the
// state of the mail outbox. Each parses flags, calls a service and prints.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "notify/expiry_reminders.h"

namespace ams::cli {

namespace {

struct NotifyOptions {
  int64_t now_unix = 0;  // hidden: run the pass as of this time (tests)
};

int Reminders(const CommonOptions& common, const NotifyOptions& o) {
  auto app = OpenOrPrint(common);
  if (!app) return 1;
  notify::ExpiryReminders reminders(app->store(), app->notifier(), app->clock());
  Result<notify::ReminderStats> stats =
      o.now_unix > 0 ? reminders.RunOnce(FromUnixSeconds(o.now_unix)) : reminders.RunOnce();
  if (!stats.ok()) return Fail("expiry reminders", stats.status());
  std::cout << "certificates in a reminder window: " << stats->due
            << "\nreminders written now: " << stats->sent << std::endl;
  return 0;
}

int Outbox(const CommonOptions& common) {
  auto app = OpenOrPrint(common);
  if (!app) return 1;
  int64_t pending = 0, failed = 0;
  Status s = app->store().Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(pending, tx.outbox().CountPending());
    AMS_ASSIGN_OR_RETURN(failed, tx.outbox().CountFailed());
    return Status();
  });
  if (!s.ok()) return Fail("read the outbox", s);
  std::cout << "pending: " << pending << "\ngiven up: " << failed << std::endl;
  return 0;
}

}  // namespace

void AddNotifyCommands(CLI::App& app, CommonOptions& common, const AddCommon& add_common,
                       int& exit_code) {
  static NotifyOptions o;
  auto* notify = app.add_subcommand("notify", "Notifications: expiry reminders, the mail outbox");
  notify->require_subcommand(1);

  auto* reminders = notify->add_subcommand(
      "reminders", "Write the due expiry reminders (30, 7 and 1 days before notAfter) now");
  add_common(reminders);
  // Hidden (empty group): for tests, which cannot wait 30 days.
  reminders->add_option("--now", o.now_unix, "Run as of this Unix time")->group("");
  reminders->callback([&] { exit_code = Reminders(common, o); });

  auto* outbox = notify->add_subcommand("outbox", "Count pending and given-up mail");
  add_common(outbox);
  outbox->callback([&] { exit_code = Outbox(common); });
}

}  // namespace ams::cli
