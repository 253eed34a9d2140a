#include "app/config.h"

#include <cstdlib>
#include <toml++/toml.h>

namespace ams::app {

std::string Config::DatabaseUrl() const {
  return database_url.empty() ? "sqlite:" + data_dir + "/ams.db" : database_url;
}

std::string Config::PublicUrl() const {
  return public_url.empty() ? "http://" + listen : public_url;
}

std::string Config::DocumentStore() const {
  if (!documents.store.empty()) return documents.store;
  const std::string url = DatabaseUrl();
  const bool postgres = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
  return postgres ? "database" : "folder";
}

namespace {

Status Bad(const std::string& key, const std::string& why) {
  return Status::Invalid("config_invalid", key + ": " + why);
}

template <typename T>
Status Read(const toml::table& t, const char* section, const char* key, T& out) {
  const toml::node* node = section ? t.at_path(std::string(section) + "." + key).node()
                                   : t.get(key);
  if (node == nullptr) return Status();
  std::optional<T> v = node->value<T>();
  if (!v) return Bad(section ? std::string(section) + "." + key : key, "wrong type");
  out = *v;
  return Status();
}

Status ReadPort(const toml::table& t, const char* section, const char* key, uint16_t& out) {
  int64_t v = out;
  AMS_RETURN_IF_ERROR(Read(t, section, key, v));
  if (v <= 0 || v > 65535) return Bad(std::string(section) + "." + key, "not a port");
  out = static_cast<uint16_t>(v);
  return Status();
}

Status ReadInt(const toml::table& t, const char* section, const char* key, int64_t min,
               int64_t max, int& out) {
  int64_t v = out;
  AMS_RETURN_IF_ERROR(Read(t, section, key, v));
  if (v < min || v > max) {
    return Bad(std::string(section) + "." + key,
               std::to_string(min) + " to " + std::to_string(max));
  }
  out = static_cast<int>(v);
  return Status();
}

Status FromToml(const std::string& path, Config& c) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::Invalid("config_invalid", path + ": " + std::string(e.description()));
  }
  AMS_RETURN_IF_ERROR(Read(t, nullptr, "data_dir", c.data_dir));
  AMS_RETURN_IF_ERROR(Read(t, nullptr, "database_url", c.database_url));
  AMS_RETURN_IF_ERROR(Read(t, nullptr, "listen", c.listen));
  AMS_RETURN_IF_ERROR(Read(t, nullptr, "public_url", c.public_url));
  int64_t workers = c.worker_threads, io = c.io_threads, hours = c.session_hours;
  AMS_RETURN_IF_ERROR(Read(t, nullptr, "worker_threads", workers));
  AMS_RETURN_IF_ERROR(Read(t, nullptr, "io_threads", io));
  AMS_RETURN_IF_ERROR(Read(t, nullptr, "session_hours", hours));
  if (workers < 1 || workers > 256) return Bad("worker_threads", "1 to 256");
  if (io < 1 || io > 64) return Bad("io_threads", "1 to 64");
  if (hours < 1 || hours > 24 * 30) return Bad("session_hours", "1 to 720");
  c.worker_threads = static_cast<int>(workers);
  c.io_threads = static_cast<int>(io);
  c.session_hours = static_cast<int>(hours);
  if (const toml::array* domains = t.get_as<toml::array>("official_email_domains")) {
    c.official_email_domains.clear();
    for (const auto& d : *domains) {
      std::optional<std::string> s = d.value<std::string>();
      if (!s) return Bad("official_email_domains", "must be strings");
      c.official_email_domains.push_back(*s);
    }
  }
  AMS_RETURN_IF_ERROR(Read(t, "ca", "key_type", c.ca.key_type));
  AMS_RETURN_IF_ERROR(Read(t, "ca", "passphrase_env", c.ca.passphrase_env));
  AMS_RETURN_IF_ERROR(Read(t, "ca", "passphrase_file", c.ca.passphrase_file));
  int64_t validity = c.ca.validity_days;
  AMS_RETURN_IF_ERROR(Read(t, "ca", "validity_days", validity));
  if (validity < 1 || validity > 3650) return Bad("ca.validity_days", "1 to 3650");
  c.ca.validity_days = static_cast<int>(validity);
  AMS_RETURN_IF_ERROR(ReadInt(t, "ca", "renewal_window_days", 1, 3650, c.ca.renewal_window_days));
  AMS_RETURN_IF_ERROR(Read(t, "ca", "revoke_on_renew", c.ca.revoke_on_renew));
  AMS_RETURN_IF_ERROR(Read(t, "ca", "renewal_needs_check", c.ca.renewal_needs_check));
  AMS_RETURN_IF_ERROR(Read(t, "ca", "policy_oid", c.ca.policy_oid));
  AMS_RETURN_IF_ERROR(Read(t, "ca", "include_nik_nip", c.ca.include_nik_nip));
  AMS_RETURN_IF_ERROR(Read(t, "smtp", "host", c.smtp.host));
  AMS_RETURN_IF_ERROR(ReadPort(t, "smtp", "port", c.smtp.port));
  AMS_RETURN_IF_ERROR(Read(t, "smtp", "tls", c.smtp.tls));
  AMS_RETURN_IF_ERROR(Read(t, "smtp", "user", c.smtp.user));
  AMS_RETURN_IF_ERROR(Read(t, "smtp", "password_file", c.smtp.password_file));
  AMS_RETURN_IF_ERROR(Read(t, "smtp", "from_address", c.smtp.from_address));
  AMS_RETURN_IF_ERROR(Read(t, "smtp", "from_name", c.smtp.from_name));
  AMS_RETURN_IF_ERROR(Read(t, "documents", "store", c.documents.store));
  AMS_RETURN_IF_ERROR(Read(t, "documents", "max_file_bytes", c.documents.max_file_bytes));
  int64_t max_files = c.documents.max_files;
  AMS_RETURN_IF_ERROR(Read(t, "documents", "max_files", max_files));
  if (c.documents.max_file_bytes < 1024 || c.documents.max_file_bytes > 100 * 1000 * 1000) {
    return Bad("documents.max_file_bytes", "1024 to 100000000");
  }
  if (max_files < 1 || max_files > 30) return Bad("documents.max_files", "1 to 30");
  c.documents.max_files = static_cast<int>(max_files);
  AMS_RETURN_IF_ERROR(ReadInt(t, "smtp", "retry_base_seconds", 1, 86400, c.smtp.retry_base_seconds));
  AMS_RETURN_IF_ERROR(ReadInt(t, "smtp", "retry_max_seconds", 1, 7 * 86400, c.smtp.retry_max_seconds));
  AMS_RETURN_IF_ERROR(ReadInt(t, "smtp", "max_attempts", 1, 1000, c.smtp.max_attempts));
  return Status();
}

void Env(const char* name, std::string& out) {
  if (const char* v = std::getenv(name); v != nullptr && *v != '\0') out = v;
}

// An integer from the environment variable `name`, if set: digits only,
// within [min, max], else config_invalid naming the variable.
template <typename T>
Status EnvInt(const char* name, int64_t min, int64_t max, T& out) {
  std::string text;
  Env(name, text);
  if (text.empty()) return Status();
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || v < min || v > max) {
    return Bad(name, std::to_string(min) + " to " + std::to_string(max));
  }
  out = static_cast<T>(v);
  return Status();
}

}  // namespace

Result<Config> LoadConfig(const std::string& path) {
  Config c;
  if (!path.empty()) AMS_RETURN_IF_ERROR(FromToml(path, c));
  Env("AMS_DATA_DIR", c.data_dir);
  Env("AMS_DATABASE_URL", c.database_url);
  Env("AMS_LISTEN", c.listen);
  Env("AMS_PUBLIC_URL", c.public_url);
  Env("AMS_CA_KEY_TYPE", c.ca.key_type);
  Env("AMS_CA_PASSPHRASE_FILE", c.ca.passphrase_file);
  Env("AMS_SMTP_HOST", c.smtp.host);
  Env("AMS_SMTP_USER", c.smtp.user);
  Env("AMS_SMTP_PASSWORD_FILE", c.smtp.password_file);
  Env("AMS_SMTP_TLS", c.smtp.tls);
  // One variable for each [smtp] setting; AMS_SMTP_FROM is the older name
  // of AMS_SMTP_FROM_ADDRESS, which wins when both are set.
  Env("AMS_SMTP_FROM", c.smtp.from_address);
  Env("AMS_SMTP_FROM_ADDRESS", c.smtp.from_address);
  Env("AMS_SMTP_FROM_NAME", c.smtp.from_name);
  Env("AMS_DOCUMENTS_STORE", c.documents.store);
  AMS_RETURN_IF_ERROR(EnvInt("AMS_SMTP_PORT", 1, 65535, c.smtp.port));
  std::string needs_check;
  Env("AMS_CA_RENEWAL_NEEDS_CHECK", needs_check);
  if (!needs_check.empty()) {
    if (needs_check != "true" && needs_check != "false") {
      return Bad("AMS_CA_RENEWAL_NEEDS_CHECK", "true or false");
    }
    c.ca.renewal_needs_check = needs_check == "true";
  }
  AMS_RETURN_IF_ERROR(EnvInt("AMS_CA_RENEWAL_WINDOW_DAYS", 1, 3650, c.ca.renewal_window_days));
  AMS_RETURN_IF_ERROR(EnvInt("AMS_SMTP_RETRY_BASE_SECONDS", 1, 86400, c.smtp.retry_base_seconds));
  AMS_RETURN_IF_ERROR(EnvInt("AMS_SMTP_RETRY_MAX_SECONDS", 1, 7 * 86400, c.smtp.retry_max_seconds));
  AMS_RETURN_IF_ERROR(EnvInt("AMS_SMTP_MAX_ATTEMPTS", 1, 1000, c.smtp.max_attempts));
  if (c.smtp.retry_max_seconds < c.smtp.retry_base_seconds) {
    c.smtp.retry_max_seconds = c.smtp.retry_base_seconds;
  }
  if (c.smtp.tls != "starttls" && c.smtp.tls != "tls" && c.smtp.tls != "none") {
    return Bad("smtp.tls", "starttls, tls or none");
  }
  if (!c.documents.store.empty() && c.documents.store != "folder" &&
      c.documents.store != "database") {
    return Bad("documents.store", "folder or database");
  }
  return c;
}

Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::Invalid("listen_invalid", "expected HOST:PORT");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  char* end = nullptr;
  long port = std::strtol(listen.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535) {
    return Status::Invalid("listen_invalid", "port must be 0-65535");
  }
  return std::make_pair(host, static_cast<uint16_t>(port));
}

}  // namespace ams::app
