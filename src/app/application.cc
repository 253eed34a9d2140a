#include "app/application.h"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/routes.h"
#include "base/thread_name.h"
#include "ca/key_spec.h"
#include "ca/file_util.h"
#include "ca/key_store.h"
#include "documents/database_blob_store.h"
#include "documents/folder_blob_store.h"
#include "documents/forms/pdf/podofo_renderer.h"
#include "documents/document_access.h"
#include "notify/eml/eml_sender.h"
#include "notify/expiry_reminders.h"
#include "notify/smtp/smtp_sender.h"
#include "store/soci/soci_store.h"
#include "web/http/server.h"

namespace ams::app {

Application::~Application() = default;

Result<std::unique_ptr<Application>> Application::Open(const Config& config) {
  std::unique_ptr<Application> app(new Application(config));
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return Status::FailedPrecondition("data_dir_unusable", config.data_dir + ": " + ec.message());
  AMS_ASSIGN_OR_RETURN(app->store_, store::OpenStore(config.DatabaseUrl(), config.worker_threads + 2));
  AMS_RETURN_IF_ERROR(app->store_->Migrate().status());
  auth::AccountOptions options;
  options.public_url = config.PublicUrl();
  options.session_ttl = std::chrono::hours(config.session_hours);
  app->accounts_ =
      std::make_unique<auth::AccountService>(*app->store_, app->clock_, app->random_, options);
  app->audit_ = std::make_unique<audit::AuditService>(*app->store_);
  app->notifier_ = std::make_unique<notify::Notifier>(app->clock_, config.PublicUrl());
  // Documents: a folder for the embedded deployment, the database when
  // several nodes share it (config.h DocumentsConfig).
  if (config.DocumentStore() == "database") {
    app->blobs_ = std::make_unique<documents::DatabaseBlobStore>(*app->store_);
  } else {
    app->blobs_ = std::make_unique<documents::FolderBlobStore>(config.DocumentsDir());
  }
  documents::DocumentLimits limits;
  limits.max_bytes = static_cast<size_t>(config.documents.max_file_bytes);
  limits.max_files = static_cast<size_t>(config.documents.max_files);
  app->documents_ = std::make_unique<documents::DocumentService>(*app->store_, *app->blobs_,
                                                                 app->clock_, limits);
  app->form_renderer_ = std::make_unique<documents::forms::PodofoFormRenderer>();
  app->forms_ = std::make_unique<documents::forms::FormService>(*app->store_, *app->form_renderer_,
                                                                app->clock_);
  app->notifications_ =
      std::make_unique<notify::NotificationService>(*app->store_, app->clock_);
  app->test_mail_ =
      std::make_unique<notify::TestMailService>(*app->store_, app->clock_, app->random_);
  workflow::RequestOptions requests;
  requests.official_domains = config.official_email_domains;
  requests.max_documents = static_cast<size_t>(config.documents.max_files);
  requests.renewal_needs_check = config.ca.renewal_needs_check;
  requests.renewal_window = std::chrono::hours(24) * config.ca.renewal_window_days;
  app->requests_ = std::make_unique<workflow::RequestService>(*app->store_, app->clock_, requests);
  // A request may attach only its applicant's own uploads; the first upload
  // starts the applicant's step 1.
  app->requests_->SetDocumentCheck(
      [](store::Transaction& tx, int64_t owner,
         const std::vector<int64_t>& ids) -> Result<workflow::AttachedDocuments> {
        Result<std::vector<documents::DocumentRecord>> docs =
            documents::DocumentsOwnedBy(tx, owner, ids);
        if (!docs.ok() && docs.status().code() == Code::kNotFound) {
          return Status::Invalid("unknown_document", "attach documents you uploaded yourself");
        }
        if (!docs.ok()) return docs.status();
        workflow::AttachedDocuments attached;
        for (const documents::DocumentRecord& d : *docs) {
          if (!attached.first_upload || d.uploaded_at < *attached.first_upload) {
            attached.first_upload = d.uploaded_at;
          }
          attached.purposes.insert(documents::ToString(d.purpose));
        }
        return attached;
      });
  const notify::Notifier* notifier = app->notifier_.get();
  app->requests_->SetNotifier(
      [notifier](store::Transaction& tx, const workflow::RequestNotice& n) -> Status {
        return notifier->Notify(tx, notify::Notice{n.account_id, n.event, n.params, ""});
      });
  return app;
}

Status Application::OpenCa() {
  AMS_ASSIGN_OR_RETURN(SecretString passphrase, ReadCaPassphrase(config_.ca));
  ca::EncryptedFileKeyStore keys(config_.CaDir(), passphrase);
  AMS_ASSIGN_OR_RETURN(ca::CaHierarchy hierarchy, ca::CaHierarchy::Load(config_.CaDir(), keys));
  ca_.emplace(std::move(hierarchy));
  AMS_ASSIGN_OR_RETURN(ca::Issuer issuer, ca::Issuer::Create(ca_->issuing(), random_));
  AMS_ASSIGN_OR_RETURN(ca::OcspResponder responder,
                       ca::OcspResponder::Create(ca_->ocsp(), ca_->issuing()));
  workflow::CertificateOptions options;
  std::string base = config_.PublicUrl();
  while (!base.empty() && base.back() == '/') base.pop_back();
  // The URLs every certificate carries (RFC 5280 §4.2.1.13, §4.2.2.1); the
  // routes in web/api/ca_api.cc serve them.
  options.profile.crl_url = base + "/crl/" + ca::CaHierarchy::kIssuingName + ".crl";
  options.profile.ocsp_url = base + "/ocsp";
  options.profile.ca_issuers_url = base + "/ca/" + ca::CaHierarchy::kIssuingName + ".crt";
  options.profile.validity_days = config_.ca.validity_days;
  options.profile.policy_oid = config_.ca.policy_oid;
  options.profile.include_nik_nip = config_.ca.include_nik_nip;
  options.renewal_window = std::chrono::hours(24) * config_.ca.renewal_window_days;
  options.revoke_on_renew = config_.ca.revoke_on_renew;
  certificates_ = std::make_unique<workflow::CertificateService>(
      *store_, clock_, std::move(issuer), std::move(responder), ca_->issuing(), options);
  certificates_->SetHooks(requests_.get());
  // SQLite is one host: every process on the database (server, CLI) shares
  // a fence file beside it, so cached OCSP answers need no database read
  // while nothing was revoked. Fatal if it cannot be opened: a process that
  // revoked without it would leave the others' caches stale.
  const std::string url = config_.DatabaseUrl();
  if (url.rfind("sqlite:", 0) == 0) {
    AMS_ASSIGN_OR_RETURN(SharedCounters counters,
                         SharedCounters::Open(url.substr(7) + "-revocations", 2));
    revocation_fence_ = std::make_unique<workflow::RevocationFence>(std::move(counters));
    certificates_->SetRevocationFence(revocation_fence_.get());
  }
  return Status();
}

namespace {

// Runs `task` at once and then every `interval` on its own thread until
// destroyed (the destructor wakes and joins it). Used for the CRL (every
// second: regenerated only when missing, stale or behind the revocations,
// coalesced in workflow/certificates/crl.cc) and the expiry reminders (every
// ten minutes: days apart and deduplicated, so every node ticking is harmless).
class PeriodicTask {
 public:
  PeriodicTask(std::string_view name, std::chrono::seconds interval, std::function<void()> task)
      : interval_(interval), task_(std::move(task)) {
    thread_ = std::thread([this, thread_name = std::string(name)] {
      NameThisThread(thread_name);
      Run();
    });
  }
  ~PeriodicTask() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      task_();
      lock.lock();
      cv_.wait_for(lock, interval_, [this] { return stop_; });
    }
  }

  const std::chrono::seconds interval_;
  const std::function<void()> task_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// SMTP when a host is configured; otherwise .eml files under <data>/outbox.
Result<std::unique_ptr<notify::Sender>> MakeSender(const Config& config, const Clock& clock) {
  notify::MessageOptions message{config.smtp.from_address, config.smtp.from_name};
  if (config.smtp.host.empty()) {
    AMS_ASSIGN_OR_RETURN(auto eml, notify::EmlSender::Create(config.OutboxDir(), message, clock));
    return std::unique_ptr<notify::Sender>(std::move(eml));
  }
  notify::SmtpOptions smtp;
  smtp.host = config.smtp.host;
  smtp.port = config.smtp.port;
  AMS_ASSIGN_OR_RETURN(smtp.tls, notify::ParseSmtpTls(config.smtp.tls));
  smtp.user = config.smtp.user;
  if (!config.smtp.password_file.empty()) {
    std::ifstream in(config.smtp.password_file);
    std::string line;
    if (!in || !std::getline(in, line)) {
      return Status::FailedPrecondition("smtp_password_unreadable", config.smtp.password_file);
    }
    smtp.password = SecretString(line);
  }
  smtp.message = message;
  AMS_ASSIGN_OR_RETURN(auto sender, notify::SmtpSender::Create(std::move(smtp), clock));
  return std::unique_ptr<notify::Sender>(std::move(sender));
}

}  // namespace

Status Application::Serve() {
  AMS_ASSIGN_OR_RETURN(auto listen, ParseListen(config_.listen));
  if (Status ca = OpenCa(); !ca.ok()) {
    return Status(ca.code(), ca.reason(),
                  "cannot load the CA from " + config_.CaDir() + " (" + ca.detail() +
                      "); run `ams init` first and give the CA key passphrase (" +
                      config_.ca.passphrase_env + " or AMS_CA_PASSPHRASE_FILE)");
  }
  AMS_ASSIGN_OR_RETURN(std::shared_ptr<const SealingKey> totp_key,
                       LoadOrCreateTotpKey(config_, random_));
  accounts_->SetTotpKey(std::move(totp_key));
  // Before the first login: what an older version stored in clear is sealed,
  // and a key file that does not open what is sealed stops the start here.
  AMS_ASSIGN_OR_RETURN(int sealed, accounts_->SealStoredTotpSecrets());
  if (sealed > 0) std::cerr << "sealed " << sealed << " TOTP secrets stored in clear" << std::endl;
  // The first CRL exists before the first request (and before the ticker's
  // first look), so relying parties never meet a missing CRL.
  AMS_RETURN_IF_ERROR(certificates_->MaintainCrl().status());
  PeriodicTask crl_ticker("ams-crl", std::chrono::seconds(1), [this] {
    Result<bool> made = certificates_->MaintainCrl();
    if (!made.ok()) std::cerr << "crl: " << made.status().ToString() << std::endl;
  });
  AMS_ASSIGN_OR_RETURN(sender_, MakeSender(config_, clock_));
  notify::DispatcherOptions dispatch;
  dispatch.backoff_base = std::chrono::seconds(config_.smtp.retry_base_seconds);
  dispatch.backoff_max = std::chrono::seconds(config_.smtp.retry_max_seconds);
  dispatch.max_attempts = config_.smtp.max_attempts;
  dispatch.log = [](const std::string& line) { std::cerr << "outbox: " << line << std::endl; };
  dispatcher_ = std::make_unique<notify::OutboxDispatcher>(*store_, *sender_, clock_, dispatch);
  dispatcher_->Start();
  notify::ExpiryReminders reminders(*store_, *notifier_, clock_);
  PeriodicTask reminder_ticker("ams-reminders", std::chrono::minutes(10), [&reminders] {
    Result<notify::ReminderStats> pass = reminders.RunOnce();
    if (!pass.ok()) std::cerr << "reminders: " << pass.status().ToString() << std::endl;
  });
  web::ServerOptions options;
  options.host = listen.first;
  options.port = listen.second;
  options.worker_threads = static_cast<size_t>(config_.worker_threads);
  options.io_threads = static_cast<size_t>(config_.io_threads);
  // An upload is read whole into memory: cap the body at one file of the
  // documents limit plus room for the multipart framing and fields.
  options.max_body_bytes = std::max(options.max_body_bytes,
                                    static_cast<size_t>(config_.documents.max_file_bytes) + (1 << 20));
  web::Server server(options, BuildRouter(*this));
  AMS_RETURN_IF_ERROR(server.Start());
  // RunUntilSignal returns the signal that stopped it (SIGTERM, SIGINT): the
  // ordinary, graceful end of `ams serve`, so exit 0, not an error.
  web::RunUntilSignal(server, [&] {
    std::cout << "AMS listening on http://" << listen.first << ":" << server.port() << "/"
              << std::endl;
  });
  dispatcher_->Stop();
  return Status();
}

Result<SecretString> ReadCaPassphrase(const CaConfig& ca) {
  if (!ca.passphrase_env.empty()) {
    if (const char* v = std::getenv(ca.passphrase_env.c_str()); v != nullptr && *v != '\0') {
      return SecretString(v);
    }
  }
  if (!ca.passphrase_file.empty()) {
    std::ifstream in(ca.passphrase_file);
    std::string line;
    if (in && std::getline(in, line) && !line.empty()) return SecretString(line);
    return Status::FailedPrecondition("ca_passphrase_missing",
                                      "cannot read a passphrase from ca.passphrase_file " +
                                          ca.passphrase_file);
  }
  return Status::FailedPrecondition(
      "ca_passphrase_missing",
      "set " + ca.passphrase_env + " or AMS_CA_PASSPHRASE_FILE (ca.passphrase_file)");
}

Result<std::shared_ptr<const SealingKey>> LoadOrCreateTotpKey(const Config& config, Random& random) {
  AMS_ASSIGN_OR_RETURN(SecretString passphrase, ReadCaPassphrase(config.ca));
  const std::filesystem::path file = std::filesystem::path(config.CaDir()) / kTotpKeyFile;
  if (!std::filesystem::exists(file)) {
    SealingKey made = SealingKey::Generate(random);
    Status written = ca::WriteFileAtomic(file, made.Export(passphrase, random), 0600,
                                         /*overwrite=*/false);
    if (written.ok()) return std::make_shared<const SealingKey>(std::move(made));
    if (written.code() != Code::kConflict) return written;
    // Another process made it meanwhile: theirs is the one.
  }
  AMS_ASSIGN_OR_RETURN(std::string exported, ca::ReadFile(file, "sealing_key_unreadable", 4096));
  Result<SealingKey> key = SealingKey::Import(exported, passphrase);
  if (!key.ok()) {
    return Status(key.status().code(), key.status().reason(),
                  file.string() + ": " + key.status().detail());
  }
  return std::make_shared<const SealingKey>(*std::move(key));
}

}  // namespace ams::app
