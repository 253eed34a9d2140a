#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "ca/hierarchy.h"
#include "ca/key_spec.h"
#include "cli/commands.h"

namespace ams::cli {

namespace fs = std::filesystem;

// `ams init`: the data folder, the database schema and, once, the CA
// hierarchy (root, issuing CA, OCSP responder) with keys encrypted under the
// configured passphrase. Running it again changes nothing.
int RunInit(const CommonOptions& common) {
  std::unique_ptr<app::Config> config = LoadConfigOrPrint(common);
  if (!config) return 1;
  Result<SecretString> passphrase = app::ReadCaPassphrase(config->ca);
  if (!passphrase.ok()) return Fail("CA key passphrase", passphrase.status());
  Result<ca::KeySpec> spec = ca::ParseKeySpec(config->ca.key_type);
  if (!spec.ok()) return Fail("ca.key_type", spec.status());

  auto app = OpenOrPrint(common);
  if (!app) return 1;
  std::error_code ec;
  fs::create_directories(config->OutboxDir(), ec);
  const fs::path ca_dir = config->CaDir();
  if (fs::exists(ca_dir / "issuing.pem")) {
    // A data folder from before the TOTP key existed gets it now.
    Result<std::shared_ptr<const SealingKey>> key = app::LoadOrCreateTotpKey(*config, app->random());
    if (!key.ok()) return Fail("TOTP sealing key", key.status());
    std::cout << "The CA exists already in " << ca_dir.string() << "; nothing to do.\n";
    return 0;
  }
  fs::create_directories(ca_dir, ec);
  if (ec) return Fail("CA folder", Status::FailedPrecondition("ca_dir_unusable", ec.message()));
  ca::HierarchyOptions options;
  options.key_spec = *spec;
  Result<ca::CaHierarchy> hierarchy = ca::CaHierarchy::Create(options, app->clock(), app->random());
  if (!hierarchy.ok()) return Fail("create the CA", hierarchy.status());
  ca::EncryptedFileKeyStore keys(ca_dir, *passphrase);
  Status saved = hierarchy->Save(ca_dir, keys);
  if (!saved.ok()) return Fail("save the CA", saved);
  Result<std::shared_ptr<const SealingKey>> totp_key = app::LoadOrCreateTotpKey(*config, app->random());
  if (!totp_key.ok()) return Fail("TOTP sealing key", totp_key.status());
  // Creating a CA is the most consequential event there is: on record.
  Status recorded = app->store().InTransaction([&](store::Transaction& tx) {
    audit::AuditEvent e;
    e.actor_label = "system";
    e.action = "ca.created";
    e.object_type = "ca";
    e.object_id = "issuing";
    e.details = nlohmann::json{{"key_type", config->ca.key_type},
                               {"root_sha256", Sha256Hex(hierarchy->root().der)},
                               {"issuing_sha256", Sha256Hex(hierarchy->issuing().der)}}
                    .dump();
    e.remote_addr = "cli";
    e.at = app->clock().Now();
    return tx.audit().Append(e).status();
  });
  if (!recorded.ok()) return Fail("record the CA in the audit log", recorded);
  std::cout << "Initialised " << config->data_dir << ": database " << app->store().EngineName()
            << ", CA (" << config->ca.key_type << ") in " << ca_dir.string() << "\n";
  return 0;
}

}  // namespace ams::cli
