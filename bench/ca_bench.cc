// CA benchmarks: issuance from a CSR, CRL generation with 1,000,000 entries,
// OCSP signing. The anchors (`openssl speed`) run in the same process before
// the benchmarks (see main below), so the ratio is measured on one machine
// at one moment. Run: ./build-bench/bench/ams_bench --benchmark_filter=Ca

#include <benchmark/benchmark.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "base/clock.h"
#include "base/random.h"
#include "ca/crl_builder.h"
#include "ca/csr.h"
#include "ca/hierarchy.h"
#include "ca/issuer.h"
#include "ca/ocsp.h"
#include "ca/ocsp_responder.h"
#include "ca/ossl/util.h"
#include "ca/serial.h"

namespace ams::ca {
namespace {

const CaHierarchy& Hierarchy() {
  static const CaHierarchy* h = [] {
    SystemClock clock;
    SecureRandom random;
    Result<CaHierarchy> r = CaHierarchy::Create(HierarchyOptions{}, clock, random);
    if (!r.ok()) {
      std::cerr << r.status().ToString() << "\n";
      std::abort();
    }
    return new CaHierarchy(std::move(r).value());
  }();
  return *h;
}

std::string P256Csr() {
  ossl::PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  ossl::X509ReqPtr req(X509_REQ_new());
  X509_REQ_set_pubkey(req.get(), key.get());
  X509_REQ_sign(req.get(), key.get(), EVP_sha256());
  return ossl::ToDer(i2d_X509_REQ, req.get());
}

SubjectInfo Subject() {
  SubjectInfo s;
  s.full_name = "Siti Nurhaliza";
  s.agency = "Dinas Komunikasi dan Informatika";
  s.unit = "Bidang Persandian";
  s.position = "Pranata Komputer Ahli Muda";
  s.email = "siti.nurhaliza@pekalongankota.go.id";
  return s;
}

IssuanceProfile Profile() {
  IssuanceProfile p;
  p.crl_url = "http://pki.pekalongankota.go.id/crl/issuing.crl";
  p.ocsp_url = "http://pki.pekalongankota.go.id/ocsp";
  p.ca_issuers_url = "http://pki.pekalongankota.go.id/ca/issuing.crt";
  return p;
}

// One certificate per iteration, exactly what the service does per request:
// parse + verify the CSR (proof of possession), then build and sign.
void BM_CaIssueFromCsr(benchmark::State& state) {
  static SecureRandom random;
  static const Issuer issuer = *Issuer::Create(Hierarchy().issuing(), random);
  const std::string csr = P256Csr();
  const SubjectInfo subject = Subject();
  const IssuanceProfile profile = Profile();
  const TimePoint now = std::chrono::system_clock::now();
  for (auto _ : state) {
    Result<ParsedCsr> parsed = ParseCsr(csr);
    Result<IssuedCertificate> cert = issuer.Issue(subject, parsed->spki_der, profile, now);
    if (!cert.ok()) state.SkipWithError(cert.status().ToString().c_str());
    benchmark::DoNotOptimize(cert);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CaIssueFromCsr)->UseRealTime()->Threads(1)->Threads(2);

// In-process anchors under the same load as the benchmarks above: one
// ECDSA P-256 sign and one verify through EVP with ready keys.
void BM_CaAnchorP256SignVerify(benchmark::State& state) {
  ossl::PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  const unsigned char msg[400] = {1};
  unsigned char sig[128];
  for (auto _ : state) {
    ossl::MdCtxPtr s(EVP_MD_CTX_new());
    size_t len = sizeof(sig);
    EVP_DigestSignInit_ex(s.get(), nullptr, "SHA256", nullptr, nullptr, key.get(), nullptr);
    EVP_DigestSign(s.get(), sig, &len, msg, sizeof(msg));
    ossl::MdCtxPtr v(EVP_MD_CTX_new());
    EVP_DigestVerifyInit_ex(v.get(), nullptr, "SHA256", nullptr, nullptr, key.get(), nullptr);
    if (EVP_DigestVerify(v.get(), sig, len, msg, sizeof(msg)) != 1) state.SkipWithError("verify");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CaAnchorP256SignVerify)->UseRealTime()->Threads(1)->Threads(2);

std::vector<CrlEntry> Entries(size_t n) {
  SecureRandom random;
  std::vector<CrlEntry> entries;
  entries.reserve(n);
  const TimePoint t = std::chrono::system_clock::now();
  for (size_t i = 0; i < n; ++i) {
    entries.push_back(
        {NewSerial(random), t - std::chrono::seconds(i),
         i % 3 == 0 ? RevocationReason::kUnspecified : RevocationReason::kKeyCompromise});
  }
  return entries;
}

void BM_CaCrlBuild(benchmark::State& state) {
  const std::vector<CrlEntry> entries = Entries(static_cast<size_t>(state.range(0)));
  const TimePoint now = std::chrono::system_clock::now();
  size_t bytes = 0;
  for (auto _ : state) {
    Result<std::string> crl =
        BuildCrl(Hierarchy().issuing(), entries, 1, now, now + std::chrono::hours(24));
    if (!crl.ok()) state.SkipWithError(crl.status().ToString().c_str());
    bytes = crl->size();
    benchmark::DoNotOptimize(crl);
  }
  state.counters["crl_bytes"] = static_cast<double>(bytes);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CaCrlBuild)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(3);

// The same CRL through OpenSSL's object API, for comparison.
void BM_CaCrlOpensslApi(benchmark::State& state) {
  const std::vector<CrlEntry> entries = Entries(static_cast<size_t>(state.range(0)));
  const CaCredential& ca = Hierarchy().issuing();
  for (auto _ : state) {
    ossl::X509CrlPtr crl(X509_CRL_new());
    X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2);
    X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca.cert.get()));
    ossl::Asn1TimePtr now = ossl::ToAsn1Time(std::chrono::system_clock::now());
    X509_CRL_set1_lastUpdate(crl.get(), now.get());
    for (const CrlEntry& e : entries) {
      X509_REVOKED* r = X509_REVOKED_new();
      ossl::Asn1IntegerPtr sn = SerialToAsn1(e.serial);
      X509_REVOKED_set_serialNumber(r, sn.get());
      ossl::Asn1TimePtr t = ossl::ToAsn1Time(e.revoked_at);
      X509_REVOKED_set_revocationDate(r, t.get());
      X509_CRL_add0_revoked(crl.get(), r);
    }
    X509_CRL_sort(crl.get());
    X509_CRL_sign(crl.get(), ca.key.get(), EVP_sha256());
    benchmark::DoNotOptimize(ossl::ToDer(i2d_X509_CRL, crl.get()));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CaCrlOpensslApi)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);

// A request for one serial of the issuing CA, with a nonce, as
// `openssl ocsp -reqout` makes it.
std::string OcspRequestDer(const std::string& serial_hex) {
  Result<std::vector<uint8_t>> serial = ParseSerialHex(serial_hex);
  ossl::Asn1IntegerPtr sn = SerialToAsn1(*serial);
  X509* ca = Hierarchy().issuing().cert.get();
  OCSP_CERTID* id = OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(ca),
                                     X509_get0_pubkey_bitstr(ca), sn.get());
  ossl::OcspRequestPtr req(OCSP_REQUEST_new());
  OCSP_request_add0_id(req.get(), id);
  OCSP_request_add1_nonce(req.get(), nullptr, 16);
  return ossl::ToDer(i2d_OCSP_REQUEST, req.get());
}

// Parse + sign a fresh response (the path for requests with a nonce).
void BM_CaOcspRespond(benchmark::State& state) {
  static const OcspResponder responder =
      *OcspResponder::Create(Hierarchy().ocsp(), Hierarchy().issuing());
  const std::string der = OcspRequestDer("0123456789abcdef0123456789abcdef");
  const CertStatusLookup lookup = [](const std::string&) { return CertStatus::Good(); };
  for (auto _ : state) {
    Result<OcspRequestInfo> req = ParseOcspRequest(der);
    Result<std::string> resp =
        responder.Respond(*req, lookup, std::chrono::system_clock::now(), std::chrono::hours(4));
    if (!resp.ok()) state.SkipWithError(resp.status().ToString().c_str());
    benchmark::DoNotOptimize(resp);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CaOcspRespond)->UseRealTime();

// Runs `openssl speed` for P-256 and prints the anchor of the issue text:
// certificates/s if each costs one verify + one sign.
void PrintOpensslSpeedAnchor() {
  FILE* pipe = ::popen("openssl speed -mr -seconds 3 ecdsap256 2>/dev/null", "r");
  if (pipe == nullptr) return;
  char line[512];
  double sign = 0, verify = 0;
  while (std::fgets(line, sizeof(line), pipe) != nullptr) {
    // "+F4:<index>:256:<signs per second>:<verifies per second>"
    int index, bits;
    std::sscanf(line, "+F4:%d:%d:%lf:%lf", &index, &bits, &sign, &verify);
  }
  ::pclose(pipe);
  if (sign > 0 && verify > 0) {
    const double limit = 1 / (1 / sign + 1 / verify);
    std::printf(
        "anchor openssl speed ecdsap256 (1 core): sign %.0f/s, verify %.0f/s, "
        "sign+verify limit %.0f certs/s, target 50%% = %.0f/s\n",
        sign, verify, limit, limit / 2);
  }
}

}  // namespace
}  // namespace ams::ca

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  ams::ca::PrintOpensslSpeedAnchor();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
