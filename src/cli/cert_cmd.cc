// `ams cert issue|revoke|list` and `ams crl generate`: the certificate
// operations for scripts and operators, run as the system actor (the owner
// of the server). Each parses flags, calls CertificateService and prints.
#include <CLI/CLI.hpp>
#include <cctype>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "base/encoding.h"
#include "ca/revocation_reason.h"
#include "cli/commands.h"

namespace ams::cli {

namespace {

struct CertOptions {
  std::string user, csr_file, out_file, serial, reason, format = "pem", crl_format = "der";
  int limit = 1000;
};

// Writes to `path`, or to stdout when empty.
int Output(const std::string& path, const std::string& bytes) {
  if (path.empty()) {
    std::cout << bytes;
    return 0;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out.flush()) return Fail("write " + path, Status::Unavailable("write_failed"));
  return 0;
}

// The application with the CA loaded, or nullptr after printing why not.
std::unique_ptr<app::Application> OpenWithCa(const CommonOptions& common) {
  auto app = OpenOrPrint(common);
  if (!app) return nullptr;
  Status s = app->OpenCa();
  if (!s.ok()) {
    Fail("load the CA", s);
    return nullptr;
  }
  return app;
}

bool SameEmail(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

Result<int64_t> AccountIdOf(app::Application& app, const std::string& email) {
  AMS_ASSIGN_OR_RETURN(std::vector<auth::Account> accounts,
                       app.accounts().ListAccounts(auth::Actor::System()));
  for (const auth::Account& a : accounts) {
    if (SameEmail(a.email, email)) return a.id;
  }
  return Status::NotFound("account_not_found", email);
}

std::string StateOf(const store::CertificateRecord& c) {
  if (c.state == store::CertificateRecord::State::kRevoked) {
    return std::string("revoked(") + ca::ToString(c.reason) + ")";
  }
  return "valid";
}

int Issue(const CommonOptions& common, const CertOptions& o) {
  std::ifstream in(o.csr_file, std::ios::binary);
  if (!in) return Fail("--csr " + o.csr_file, Status::NotFound("file_not_found"));
  std::string csr((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto app = OpenWithCa(common);
  if (!app) return 1;
  Result<int64_t> account = AccountIdOf(*app, o.user);
  if (!account.ok()) return Fail("--user " + o.user, account.status());
  auto cert = app->certificates().IssueFromCsr(auth::Actor::System(), *account, csr);
  if (!cert.ok()) return Fail("cert issue", cert.status());
  std::cerr << "Issued certificate " << cert->serial_hex << " to " << o.user << ", valid until "
            << FormatUtc(cert->not_after) << "\n";
  return Output(o.out_file, o.format == "der" ? cert->der : PemEncode(cert->der, "CERTIFICATE"));
}

int Revoke(const CommonOptions& common, const CertOptions& o) {
  Result<ca::RevocationReason> reason = ca::ParseRevocationReason(o.reason);
  if (!reason.ok()) return Fail("--reason " + o.reason, reason.status());
  auto app = OpenWithCa(common);
  if (!app) return 1;
  Status s = app->certificates().Revoke(auth::Actor::System(), o.serial, *reason);
  if (!s.ok()) return Fail("cert revoke", s);
  std::cout << "Revoked " << o.serial << " (" << ca::ToString(*reason) << ")\n";
  return 0;
}

int List(const CommonOptions& common, const CertOptions& o) {
  auto app = OpenWithCa(common);
  if (!app) return 1;
  int64_t account = 0;
  if (!o.user.empty()) {
    Result<int64_t> id = AccountIdOf(*app, o.user);
    if (!id.ok()) return Fail("--user " + o.user, id.status());
    account = *id;
  }
  auto certs = app->certificates().List(auth::Actor::System(), account, o.limit);
  if (!certs.ok()) return Fail("cert list", certs.status());
  std::cout << "serial\taccount\tstatus\tnot_before\tnot_after\n";
  for (const auto& c : *certs) {
    std::cout << c.serial_hex << "\t" << c.account_id << "\t" << StateOf(c) << "\t"
              << FormatUtc(c.not_before) << "\t" << FormatUtc(c.not_after) << "\n";
  }
  return 0;
}

int GenerateCrl(const CommonOptions& common, const CertOptions& o) {
  auto app = OpenWithCa(common);
  if (!app) return 1;
  Result<int64_t> number = app->certificates().GenerateCrl();
  if (!number.ok()) return Fail("crl generate", number.status());
  std::cerr << "Generated CRL number " << *number << "\n";
  if (o.out_file.empty()) return 0;
  auto der = app->certificates().CurrentCrl();
  if (!der.ok()) return Fail("crl generate", der.status());
  return Output(o.out_file, o.crl_format == "pem" ? PemEncode(**der, "X509 CRL") : **der);
}

}  // namespace

void AddCertCommands(CLI::App& app, CommonOptions& common, const AddCommon& add_common,
                     int& exit_code) {
  static CertOptions o;
  auto* cert = app.add_subcommand("cert", "Issue, revoke and list certificates");
  cert->require_subcommand(1);

  auto* issue = cert->add_subcommand(
      "issue", "Issue a certificate from a CSR; the subject comes from the account's verified identity");
  add_common(issue);
  issue->add_option("--user", o.user, "E-mail of the account")->required();
  issue->add_option("--csr", o.csr_file, "PKCS#10 request, PEM or DER")->required();
  issue->add_option("--out", o.out_file, "Write the certificate here (default: stdout)");
  issue->add_option("--format", o.format, "pem or der")
      ->check(CLI::IsMember({"pem", "der"}))
      ->capture_default_str();
  issue->callback([&] { exit_code = Issue(common, o); });

  auto* revoke = cert->add_subcommand("revoke", "Revoke a certificate; OCSP says so at once");
  add_common(revoke);
  revoke->add_option("serial", o.serial, "Serial number (hex)")->required();
  revoke->add_option("--reason", o.reason,
                     "unspecified, keyCompromise, affiliationChanged, superseded, "
                     "cessationOfOperation")
      ->required();
  revoke->callback([&] { exit_code = Revoke(common, o); });

  auto* list = cert->add_subcommand("list", "List certificates, newest first");
  add_common(list);
  list->add_option("--user", o.user, "Only the certificates of this account (e-mail)");
  list->add_option("--limit", o.limit, "At most this many (without --user)")->capture_default_str();
  list->callback([&] { exit_code = List(common, o); });

  auto* crl = app.add_subcommand("crl", "The certificate revocation list");
  crl->require_subcommand(1);
  auto* generate = crl->add_subcommand("generate", "Generate and publish a new CRL now");
  add_common(generate);
  generate->add_option("--out", o.out_file, "Also write the CRL here");
  generate->add_option("--format", o.crl_format, "der or pem (with --out)")
      ->check(CLI::IsMember({"pem", "der"}))
      ->capture_default_str();
  generate->callback([&] { exit_code = GenerateCrl(common, o); });
}

}  // namespace ams::cli
