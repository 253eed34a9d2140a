// Revocation at scale (issue #3 item 9): with 1,000,000 certificates already
// revoked in a SQLite store,
//   - the time from one more CertificateService::Revoke() to OCSP answering
//     `revoked` for it (target < 10 ms), in the revoking process and in a
//     second service on the same database (the CLI beside a server), whose
//     cached `good` must be dropped: both share a revocation fence file as
//     `ams serve` and the CLI do (workflow/certificates/revocation_fence.h);
//   - CurrentCrl(): a regeneration after revocations, and a request when
//     nothing changed (served from memory, never re-signed).
// The 1M rows are bulk-inserted with one SQL statement (setup, not measured).
// Run: ./build/bench/ams_bench --benchmark_filter=Revocation

#include <benchmark/benchmark.h>
#include <openssl/ocsp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "auth/actor.h"
#include "base/clock.h"
#include "base/random.h"
#include "ca/hierarchy.h"
#include "ca/ossl/util.h"
#include "ca/serial.h"
#include "store/soci/soci_store.h"
#include "workflow/certificates/certificate_service.h"

namespace ams {
namespace {

constexpr int kAlreadyRevoked = 1000000;
constexpr int kFreshCertificates = 2000;  // Valid ones the benchmarks revoke.

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "revocation_scale_bench: " << what << "\n";
  std::abort();
}
template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) Die(std::string(what) + ": " + r.status().ToString());
  return std::move(r).value();
}
void Must(Status s, const char* what) {
  if (!s.ok()) Die(std::string(what) + ": " + s.ToString());
}

// The serial of fresh certificate i, as BulkInsert writes it ("5%015d").
std::string FreshSerial(int i) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "5%015d", i);
  return buf;
}

// Everything shared by the benchmarks, built once: a CA, a SQLite store with
// 1M revoked rows and kFreshCertificates valid ones, and two services on it.
struct Scale {
  std::filesystem::path dir;
  SystemClock clock;
  SecureRandom random;
  ca::CaHierarchy hierarchy = Must(ca::CaHierarchy::Create({}, clock, random), "CA");
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::Store> other_store;  // A second pool: "another process".
  // One fence file, mapped by each "process" (as ams serve and the CLI do).
  std::unique_ptr<workflow::RevocationFence> fence, other_fence;
  std::unique_ptr<workflow::CertificateService> service;
  std::unique_ptr<workflow::CertificateService> other;
  int next_fresh = 0;

  Scale() {
    dir = std::filesystem::temp_directory_path() / ("ams-revocation-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string url = "sqlite:" + (dir / "ams.db").string();
    store = Must(store::OpenStore(url, 4), "open store");
    Must(store->Migrate().status(), "migrate");
    int64_t account = 0, version = 0;
    Must(store->InTransaction([&](store::Transaction& tx) -> Status {
      auth::Account a;
      a.email = "bench@pekalongankota.go.id";
      a.display_name = "Bench";
      a.password_hash = "$argon2id$unused";
      a.role = auth::Role::kApplicant;
      a.created_at = clock.Now();
      AMS_ASSIGN_OR_RETURN(account, tx.accounts().Create(a));
      AMS_ASSIGN_OR_RETURN(int64_t agency, tx.agencies().Create({0, "BENCH", "Dinas Bench"}));
      identity::IdentityData d;
      d.full_name = "Bench Applicant";
      d.email = a.email;
      d.agency_id = agency;
      AMS_ASSIGN_OR_RETURN(identity::IdentityVersion v,
                           tx.identities().AddVersion(account, d, account, clock.Now()));
      version = v.id;
      return Status();
    }), "account");
    BulkInsert(account, version);
    const std::string fence_path = (dir / "ams.db-revocations").string();
    fence = std::make_unique<workflow::RevocationFence>(
        Must(SharedCounters::Open(fence_path, 2), "fence"));
    other_fence = std::make_unique<workflow::RevocationFence>(
        Must(SharedCounters::Open(fence_path, 2), "other fence"));
    auto make = [&](store::Store& s) {
      ca::Issuer issuer = Must(ca::Issuer::Create(hierarchy.issuing(), random), "issuer");
      ca::OcspResponder responder =
          Must(ca::OcspResponder::Create(hierarchy.ocsp(), hierarchy.issuing()), "responder");
      return std::make_unique<workflow::CertificateService>(
          s, clock, std::move(issuer), std::move(responder), hierarchy.issuing(),
          workflow::CertificateOptions{});
    };
    other_store = Must(store::OpenStore(url, 4), "open second store");
    service = make(*store);
    other = make(*other_store);
    service->SetRevocationFence(fence.get());
    other->SetRevocationFence(other_fence.get());
  }
  ~Scale() { std::filesystem::remove_all(dir); }

  // 1M revoked rows (as if revoked one by one: counter and seq set) and the
  // fresh valid ones, straight into the file. The DER column is left short:
  // neither OCSP nor the CRL reads it.
  void BulkInsert(int64_t account, int64_t version) {
    sqlite3* db = nullptr;
    if (sqlite3_open((dir / "ams.db").c_str(), &db) != SQLITE_OK) Die("sqlite3_open");
    const long long now = ToUnixSeconds(clock.Now());
    const std::string values =
        std::to_string(account) + ", " + std::to_string(version) + ", 'issuing', 'MA==', " +
        std::to_string(now - 86400) + ", " + std::to_string(now + 700 * 86400);
    const std::string sql =
        "BEGIN;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(kAlreadyRevoked) +
        ") INSERT INTO certificates (serial, account_id, identity_version_id, ca_name, der, "
        "not_before, not_after, status, revoked_at, reason, revocation_seq, created_at) "
        "SELECT printf('4%015x', i), " + values + ", 'revoked', " + std::to_string(now - 3600) +
        ", 1, i, " + std::to_string(now - 86400) + " FROM n;"
        "UPDATE revocation_counter SET value = " + std::to_string(kAlreadyRevoked) + ";"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(kFreshCertificates - 1) +
        ") INSERT INTO certificates (serial, account_id, identity_version_id, ca_name, der, "
        "not_before, not_after, status, created_at) "
        "SELECT printf('5%015d', i), " + values + ", 'valid', " + std::to_string(now - 60) +
        " FROM n;"
        "COMMIT;";
    char* error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      Die(std::string("bulk insert: ") + (error ? error : "?"));
    }
    sqlite3_close(db);
  }

  // A next never-revoked certificate, or abort (raise kFreshCertificates).
  std::string TakeFresh() {
    if (next_fresh >= kFreshCertificates) Die("out of fresh certificates");
    return FreshSerial(next_fresh++);
  }

  // An RFC 5019 request (SHA-1 CertID, no nonce): the cacheable kind.
  std::string Request(const std::string& serial_hex) const {
    ca::ossl::Asn1IntegerPtr sn = ca::SerialToAsn1(Must(ca::ParseSerialHex(serial_hex), "serial"));
    X509* ca = hierarchy.issuing().cert.get();
    OCSP_CERTID* id = OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(ca),
                                       X509_get0_pubkey_bitstr(ca), sn.get());
    ca::ossl::OcspRequestPtr req(OCSP_REQUEST_new());
    OCSP_request_add0_id(req.get(), id);
    return ca::ossl::ToDer(i2d_OCSP_REQUEST, req.get());
  }
};

Scale& TheScale() {
  static Scale* scale = [] {
    const auto start = std::chrono::steady_clock::now();
    auto* s = new Scale();
    std::cerr << "revocation_scale_bench: setup with " << kAlreadyRevoked << " revoked rows took "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
              << " s\n";
    return s;
  }();
  return *scale;
}

// V_OCSP_CERTSTATUS_* of the single answer in `der`, or -1.
int StatusIn(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  ca::ossl::OcspResponsePtr resp(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
  if (!resp) return -1;
  ca::ossl::OcspBasicRespPtr basic(OCSP_response_get1_basic(resp.get()));
  if (!basic) return -1;
  OCSP_SINGLERESP* single = OCSP_resp_get0(basic.get(), 0);
  if (single == nullptr) return -1;
  return OCSP_single_get0_status(single, nullptr, nullptr, nullptr, nullptr);
}

// Revoke() in one service, then OCSP from `answering` until it says revoked
// (it must on the first try). Each iteration first caches a `good` answer
// for the serial in the answering service, so the invalidation is exercised.
void RevokeUntilOcspSaysRevoked(benchmark::State& state, bool other_process) {
  Scale& s = TheScale();
  workflow::CertificateService& answering = other_process ? *s.other : *s.service;
  int extra_tries = 0;
  for (auto _ : state) {
    const std::string serial = s.TakeFresh();
    const std::string request = s.Request(serial);
    if (StatusIn(answering.OcspRespond(request)) != V_OCSP_CERTSTATUS_GOOD) {
      state.SkipWithError("not good before the revocation");
      break;
    }
    const auto start = std::chrono::steady_clock::now();
    Must(s.service->Revoke(auth::Actor::System(), serial, ca::RevocationReason::kKeyCompromise),
         "revoke");
    std::string answer = answering.OcspRespond(request);
    while (StatusIn(answer) != V_OCSP_CERTSTATUS_REVOKED) {  // Never expected to loop.
      ++extra_tries;
      answer = answering.OcspRespond(request);
    }
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  state.counters["stale_answers"] = extra_tries;
}
void BM_RevocationVisibleInOcsp1M(benchmark::State& state) { RevokeUntilOcspSaysRevoked(state, false); }
void BM_RevocationVisibleInOcspOtherProcess1M(benchmark::State& state) {
  RevokeUntilOcspSaysRevoked(state, true);
}
BENCHMARK(BM_RevocationVisibleInOcsp1M)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(200);
BENCHMARK(BM_RevocationVisibleInOcspOtherProcess1M)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(200);

// A regeneration of the 1M-entry CRL after a revocation: read the revoked
// rows, build, sign, store (what the CRL ticker does at most once per
// crl_min_interval however many revocations came in).
void BM_RevocationCrlRegenerate1M(benchmark::State& state) {
  Scale& s = TheScale();
  for (auto _ : state) {
    state.PauseTiming();
    Must(s.service->Revoke(auth::Actor::System(), s.TakeFresh(), ca::RevocationReason::kSuperseded),
         "revoke");
    state.ResumeTiming();
    benchmark::DoNotOptimize(Must(s.service->GenerateCrl(), "generate"));
  }
}
BENCHMARK(BM_RevocationCrlRegenerate1M)->Unit(benchmark::kMillisecond)->Iterations(3);

// One stage of the regeneration alone: reading the 1M revoked rows (the
// CRL's entries) in one read transaction. The build and signature alone are
// BM_CaCrlBuild/1000000 (ca_bench.cc); the rest of BM_RevocationCrlRegenerate1M
// is the conversion to entries and the storing of the DER.
void BM_RevocationListRevoked1M(benchmark::State& state) {
  Scale& s = TheScale();
  size_t n = 0;
  for (auto _ : state) {
    Must(s.store->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(std::vector<store::RevokedCertificate> revoked,
                           tx.certificates().ListRevoked(ca::CaHierarchy::kIssuingName));
      n = revoked.size();
      return Status();
    }), "list revoked");
  }
  state.counters["rows"] = static_cast<double>(n);
}
BENCHMARK(BM_RevocationListRevoked1M)->Unit(benchmark::kMillisecond)->Iterations(2);

// CurrentCrl() when nothing changed since the last generation: what every
// CRL download costs (one counter read, then the DER from memory).
void BM_RevocationCurrentCrlUnchanged1M(benchmark::State& state) {
  Scale& s = TheScale();
  size_t bytes = Must(s.service->CurrentCrl(), "first")->size();
  for (auto _ : state) {
    std::shared_ptr<const std::string> der = Must(s.service->CurrentCrl(), "current");
    benchmark::DoNotOptimize(der);
  }
  state.counters["crl_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RevocationCurrentCrlUnchanged1M)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace ams
