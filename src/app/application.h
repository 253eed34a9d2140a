#pragma once

#include <memory>
#include <string>

#include "app/config.h"
#include "audit/audit_service.h"
#include "auth/account_service.h"
#include "base/clock.h"
#include "base/random.h"
#include "notify/dispatcher.h"
#include "notify/sender.h"
#include "store/store.h"

namespace ams::app {

// The composition root: the only code that picks concrete engines (SQLite or
// PostgreSQL, .eml or SMTP) and wires the services to them. Owns everything
// it builds. Thread-safe once open.
class Application {
 public:
  // Opens the database named by the configuration and brings its schema up
  // to date. kUnavailable when the database cannot be reached.
  static Result<std::unique_ptr<Application>> Open(const Config& config);
  ~Application();

  // Serves HTTP on config.listen until SIGTERM/SIGINT, then finishes the
  // requests in flight. Prints the URL once listening. Delivers the outbox
  // in the background meanwhile.
  Status Serve();

  const Config& config() const { return config_; }
  store::Store& store() { return *store_; }
  auth::AccountService& accounts() { return *accounts_; }
  audit::AuditService& audit() { return *audit_; }
  const Clock& clock() const { return clock_; }
  Random& random() { return random_; }

 private:
  explicit Application(Config config) : config_(std::move(config)) {}

  Config config_;
  SystemClock clock_;
  SecureRandom random_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<auth::AccountService> accounts_;
  std::unique_ptr<audit::AuditService> audit_;
  std::unique_ptr<notify::Sender> sender_;
  std::unique_ptr<notify::OutboxDispatcher> dispatcher_;
};

// Reads the CA key passphrase as configured (environment variable, or file).
// kFailedPrecondition "ca_passphrase_missing" naming where it looked.
Result<SecretString> ReadCaPassphrase(const CaConfig& ca);

}  // namespace ams::app
