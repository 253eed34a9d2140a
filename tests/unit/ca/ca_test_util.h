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
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "ca/hierarchy.h"
#include "ca/ossl/util.h"

namespace ams::ca::catest {

// 2026-11-27T00:00:00Z: tests never depend on the real date.
inline TimePoint TestNow() { return FromUnixSeconds(1795737600); }

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

// One P-256 hierarchy for the whole test binary (created on first use).
inline const CaHierarchy& SharedHierarchy() {
  static const CaHierarchy* h = [] {
    FakeClock clock(TestNow() - std::chrono::hours(1));
    SecureRandom random;
    Result<CaHierarchy> r = CaHierarchy::Create(HierarchyOptions{}, clock, random);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return new CaHierarchy(std::move(r).value());
  }();
  return *h;
}

// Writes root.pem, issuing.pem and ocsp.pem of `h` into `dir`.
inline void WriteChain(const CaHierarchy& h, const TempDir& dir) {
  WriteFile(dir.File("root.pem"), ossl::CertToPem(h.root().cert.get()));
  WriteFile(dir.File("issuing.pem"), ossl::CertToPem(h.issuing().cert.get()));
  WriteFile(dir.File("ocsp.pem"), ossl::CertToPem(h.ocsp().cert.get()));
}

}  // namespace ams::ca::catest
