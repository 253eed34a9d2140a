#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace ams::app {

// Outgoing mail. With no host, mail is written as .eml files under
// <data>/outbox instead.
struct SmtpConfig {
  std::string host;
  uint16_t port = 587;
  std::string tls = "starttls";  // "starttls", "tls" or "none"
  std::string user;
  std::string password_file;  // the password is read from here, never from the config itself
  std::string from_address = "noreply@ams.local";
  std::string from_name = "AMS";
  // Retries while the server is down: the first after retry_base_seconds,
  // doubling up to retry_max_seconds; given up (kept, visible) after
  // max_attempts (AMS_SMTP_RETRY_BASE_SECONDS for the first).
  int retry_base_seconds = 30;
  int retry_max_seconds = 3600;
  int max_attempts = 20;
};

struct CaConfig {
  std::string key_type = "ecdsa-p256";  // ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072
  // The passphrase of the CA keys: from the environment variable named here,
  // or the file named by passphrase_file. Never from the config file itself.
  std::string passphrase_env = "AMS_CA_PASSPHRASE";
  std::string passphrase_file;
  int validity_days = 730;
  // Renewal opens this many days before a certificate's notAfter.
  // AMS_CA_RENEWAL_WINDOW_DAYS.
  int renewal_window_days = 30;
  // Revoke the renewed certificate (superseded) once its successor exists.
  bool revoke_on_renew = true;
  // Renewal needs an operator-approved renewal request first (documents
  // checked). Default false: the identity is unchanged, nothing to verify.
  bool renewal_needs_check = false;
  std::string policy_oid = "2.16.360.1.1.1.1";
  bool include_nik_nip = false;
};

// Supporting documents (issue #4). The server's request body limit follows
// max_file_bytes (one file plus the multipart framing).
struct DocumentsConfig {
  // "folder" (<data_dir>/documents) or "database" (the blobs table, for
  // several nodes sharing no disk). Default: "folder" for SQLite, "database"
  // for a PostgreSQL URL. AMS_DOCUMENTS_STORE.
  std::string store;
  int64_t max_file_bytes = 10 * 1000 * 1000;  // Default: 10 MB per file
  int max_files = 10;                         // Default: 10 files per request
};

// Everything the service is configured by. Read from a TOML file (--config),
// then overridden by AMS_* environment variables, then by command-line flags.
// `--data DIR` alone is enough for the embedded default.
struct Config {
  std::string data_dir = "var";
  std::string database_url;  // Default: sqlite:<data_dir>/ams.db
  std::string listen = "127.0.0.1:8080";
  std::string public_url;  // Default: http://<listen>
  std::vector<std::string> official_email_domains = {"pekalongankota.go.id"};
  // Also the number of issuances that can share one commit (group commit):
  // with 4, batches stayed small and the fsyncs dominated (bench/README.md).
  int worker_threads = 16;
  // Threads that read and write the connections and answer what needs no
  // worker (cached OCSP answers): with one, the OCSP rows of bench/README.md
  // were bound by it on this 2-core machine.
  int io_threads = 2;
  int session_hours = 8;
  CaConfig ca;
  SmtpConfig smtp;
  DocumentsConfig documents;

  std::string DatabaseUrl() const;
  std::string PublicUrl() const;
  std::string OutboxDir() const { return data_dir + "/outbox"; }
  std::string CaDir() const { return data_dir + "/ca"; }
  std::string DocumentsDir() const { return data_dir + "/documents"; }
  // documents.store with its default applied: "folder" or "database".
  std::string DocumentStore() const;
};

// Reads `path` (empty: none) and the AMS_* environment. kInvalidArgument
// "config_invalid" naming the key that is wrong.
Result<Config> LoadConfig(const std::string& path);

// Splits "HOST:PORT". kInvalidArgument "listen_invalid".
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen);

}  // namespace ams::app
