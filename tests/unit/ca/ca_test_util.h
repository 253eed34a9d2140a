#pragma once

// Helpers for the CA tests: temporary folders, running the independent
// clients (openssl, certtool, python cryptography), and a shared P-256
// hierarchy so each test does not pay for key generation.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "ca/hierarchy.h"
#include "ca/ossl/util.h"
#include "ca/profile.h"

namespace ams::ca::catest {

// The moment these tests date everything from: the real clock when the test
// binary first asks, to the second, and the same for the whole run. What the
// tests make is judged by openssl, certtool and Python, which read the real
// clock (certtool has no option to judge at another time), so a fixed date
// here would make the suite fail once that date has passed. A test that needs
// a later moment tells the tool (`openssl verify -attime`). Under `faketime`
// the clock read here and the tools' clock move together.
inline TimePoint TestNow() {
  static const TimePoint now = FromUnixSeconds(ToUnixSeconds(std::chrono::system_clock::now()));
  return now;
}

// A fresh folder under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "ams-ca-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together.
};

// Runs `command` through /bin/sh and captures its output.
inline CommandResult RunCommand(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// One hierarchy per key spec for the whole test binary (created on first
// use, valid from an hour before TestNow()): RSA key generation is slow.
inline const CaHierarchy& SharedHierarchyFor(KeySpec spec) {
  // Owned, so the hierarchies are freed at exit (LeakSanitizer runs then).
  static std::map<KeySpec, std::unique_ptr<const CaHierarchy>> cache;
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<const CaHierarchy>& h = cache[spec];
  if (h == nullptr) {
    FakeClock clock(TestNow() - std::chrono::hours(1));
    SecureRandom random;
    HierarchyOptions options;
    options.key_spec = spec;
    Result<CaHierarchy> r = CaHierarchy::Create(options, clock, random);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    h = std::make_unique<const CaHierarchy>(std::move(r).value());
  }
  return *h;
}

inline const CaHierarchy& SharedHierarchy() { return SharedHierarchyFor(KeySpec::kEcP256); }

// One RSA-2048 key pair for every test that needs "a valid RSA key".
inline EVP_PKEY* SharedRsaKey() {
  static const ossl::PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
  return key.get();
}

// A PKCS#10 request for `key`, signed with it (digest: SHA-256, none for
// Ed25519), subject CN=`cn`. DER.
inline std::string MakeCsr(EVP_PKEY* key, const std::string& cn = "ignored by the CA") {
  ossl::X509ReqPtr req(X509_REQ_new());
  X509_NAME* name = X509_REQ_get_subject_name(req.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_REQ_set_pubkey(req.get(), key);
  const EVP_MD* md = EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
  EXPECT_GT(X509_REQ_sign(req.get(), key, md), 0);
  return ossl::ToDer(i2d_X509_REQ, req.get());
}

inline ossl::PkeyPtr EcKey(const char* curve = "P-256") {
  return ossl::PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
}

// A profile with every URL set, as production configures it.
inline IssuanceProfile TestProfile() {
  IssuanceProfile p;
  p.crl_url = "http://pki.pekalongankota.go.id/crl/issuing.crl";
  p.ocsp_url = "http://pki.pekalongankota.go.id/ocsp";
  p.ca_issuers_url = "http://pki.pekalongankota.go.id/ca/issuing.crt";
  return p;
}

inline SubjectInfo TestSubject() {
  SubjectInfo s;
  s.full_name = "Siti Nurhaliza Ṣāliḥ";
  s.agency = "Dinas Komunikasi dan Informatika";
  s.unit = "Bidang Persandian";
  s.position = "Pranata Komputer Ahli Muda";
  s.email = "siti.nurhaliza@pekalongankota.go.id";
  s.nik = "3375011234567890";
  s.nip = "198701012010012001";
  return s;
}

// Writes root.pem, issuing.pem and ocsp.pem of `h` into `dir`.
inline void WriteChain(const CaHierarchy& h, const TempDir& dir) {
  WriteFile(dir.File("root.pem"), ossl::CertToPem(h.root().cert.get()));
  WriteFile(dir.File("issuing.pem"), ossl::CertToPem(h.issuing().cert.get()));
  WriteFile(dir.File("ocsp.pem"), ossl::CertToPem(h.ocsp().cert.get()));
}

}  // namespace ams::ca::catest
