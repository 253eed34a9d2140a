#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/config.h"
#include "audit/audit_service.h"
#include "auth/account_service.h"
#include "base/clock.h"
#include "base/random.h"
#include "ca/hierarchy.h"
#include "documents/blob_store.h"
#include "documents/document_service.h"
#include "documents/forms/form_service.h"
#include "notify/dispatcher.h"
#include "notify/notification_service.h"
#include "notify/notifier.h"
#include "notify/sender.h"
#include "notify/test_mail.h"
#include "store/store.h"
#include "workflow/certificates/certificate_service.h"
#include "workflow/requests/request_service.h"

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

  // Loads the CA from <data>/ca with the configured passphrase and builds
  // the certificate service on it. kFailedPrecondition "ca_passphrase_missing",
  // kUnauthenticated "ca_key_passphrase_wrong", kNotFound "ca_not_initialized".
  // Call once, before certificates().
  Status OpenCa();

  // Serves HTTP on config.listen until SIGTERM/SIGINT, then finishes the
  // requests in flight. Prints the URL once listening. Loads the CA first
  // (OpenCa; failure is fatal). Delivers the outbox and keeps the CRL
  // current and writes expiry reminders in the background meanwhile.
  Status Serve();

  const Config& config() const { return config_; }
  store::Store& store() { return *store_; }
  auth::AccountService& accounts() { return *accounts_; }
  audit::AuditService& audit() { return *audit_; }
  // Writes in-app notifications and mail inside a service's transaction.
  const notify::Notifier& notifier() const { return *notifier_; }
  // The caller's in-app notifications, for the web layer.
  notify::NotificationService& notifications() { return *notifications_; }
  const Clock& clock() const { return clock_; }
  Random& random() { return random_; }
  // REQUIRES: OpenCa() succeeded.
  workflow::CertificateService& certificates() { return *certificates_; }
  workflow::RequestService& requests() { return *requests_; }
  const ca::CaHierarchy& ca() const { return *ca_; }
  documents::DocumentService& documents() { return *documents_; }
  documents::forms::FormService& forms() { return *forms_; }
  // The admin's "send test mail" (through the outbox, like every mail).
  notify::TestMailService& test_mail() { return *test_mail_; }

 private:
  explicit Application(Config config) : config_(std::move(config)) {}

  Config config_;
  SystemClock clock_;
  SecureRandom random_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<auth::AccountService> accounts_;
  std::unique_ptr<audit::AuditService> audit_;
  std::unique_ptr<notify::Notifier> notifier_;
  std::unique_ptr<notify::NotificationService> notifications_;
  std::unique_ptr<notify::Sender> sender_;
  std::unique_ptr<notify::OutboxDispatcher> dispatcher_;
  std::optional<ca::CaHierarchy> ca_;
  // Before certificates_, which points to it.
  std::unique_ptr<workflow::RevocationFence> revocation_fence_;
  std::unique_ptr<workflow::CertificateService> certificates_;
  std::unique_ptr<documents::BlobStore> blobs_;
  std::unique_ptr<documents::DocumentService> documents_;
  std::unique_ptr<documents::forms::FormRenderer> form_renderer_;
  std::unique_ptr<documents::forms::FormService> forms_;
  std::unique_ptr<workflow::RequestService> requests_;
  std::unique_ptr<notify::TestMailService> test_mail_;
};

// Reads the CA key passphrase as configured (environment variable, or file).
// kFailedPrecondition "ca_passphrase_missing" naming where it looked.
Result<SecretString> ReadCaPassphrase(const CaConfig& ca);

// The key that seals the TOTP secrets in the database (base/sealing_key.h):
// the file kTotpKeyFile in the CA folder, sealed under the CA key
// passphrase. Made if missing (by `ams init`, or by the first `ams serve` of
// a data folder older than it). Several nodes share it as they share the CA
// keys: the CA folder is copied to each. kFailedPrecondition
// "sealing_key_unreadable" for a damaged file or another passphrase.
inline constexpr char kTotpKeyFile[] = "totp-secrets.key";
Result<std::shared_ptr<const SealingKey>> LoadOrCreateTotpKey(const Config& config, Random& random);

}  // namespace ams::app
