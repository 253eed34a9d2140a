#pragma once

// The certificate workflow: who may get, renew and revoke a certificate, and
// the publication of revocation status (CRL, OCSP). Like boulder's RA it
// decides; ca/ only signs. No HTTP, no SQL: storage through store::Store.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/actor.h"
#include "base/clock.h"
#include "base/result.h"
#include "base/secret.h"
#include "ca/hierarchy.h"
#include "ca/issuer.h"
#include "ca/key_spec.h"
#include "ca/ocsp_responder.h"
#include "ca/profile.h"
#include "ca/revocation_reason.h"
#include "store/store.h"
#include "workflow/certificates/certificate_hooks.h"
#include "workflow/certificates/group_commit.h"
#include "workflow/certificates/ocsp_cache.h"
#include "workflow/certificates/revocation_fence.h"
#include "workflow/certificates/shared_read.h"

namespace ams::workflow {

// Settings of CertificateService. Plain value.
struct CertificateOptions {
  // Subject-independent contents of user certificates (URLs from the config).
  ca::IssuanceProfile profile;
  // Key type of keys AMS generates for applicants (IssueWithGeneratedKey).
  ca::KeySpec generated_key_spec = ca::KeySpec::kEcP256;
  // Revoke the renewed certificate (reason superseded) once its renewal
  // exists. Default: true.
  bool revoke_on_renew = true;
  // A certificate may be renewed only this long before its notAfter (the
  // office renews what is about to expire, not what was just issued).
  // Default: 30 days.
  std::chrono::seconds renewal_window{30 * 24 * 3600};
  // nextUpdate - thisUpdate of each CRL. Default: 24 hours. A CRL is
  // regenerated once half of it has passed (RFC 5280 §5.1.2.5).
  std::chrono::seconds crl_validity{24 * 3600};
  // After revocations, the CRL is regenerated at most once per this interval
  // (across processes and nodes: the stored thisUpdate is the clock).
  // Default: 1 second.
  std::chrono::seconds crl_min_interval{1};
  // nextUpdate - thisUpdate of OCSP responses; cached ones are re-signed
  // after half of it. Default: 1 hour.
  std::chrono::seconds ocsp_validity{3600};
  size_t ocsp_cache_entries = 200000;  // Default: 200,000 serials.
  // Most issuances from CSRs committed in one transaction (group_commit.h).
  // Default: 64.
  size_t issue_batch_max = 64;
};

// A certificate issued with a key AMS generated: the stored record and the
// PKCS#12 with the private key, which exists only in this value.
struct GeneratedCertificate {
  store::CertificateRecord certificate;
  std::string pkcs12_der;
};

// Issues, renews, revokes and lists certificates; publishes the CRL and
// answers OCSP. Holds references to the Store, the Clock and the CA
// credential signing CRLs (all must outlive it) and copies of the Issuer and
// the OcspResponder. Thread-safe.
//
// Roles (checked here, not by callers): an account may act on its own
// certificates; an operator on those of applicants whose current identity is
// in one of the operator's agencies; admins and the system on all; auditors
// may read all and change nothing. A certificate or account the actor may
// not see is kNotFound, so nobody can probe which serials exist.
class CertificateService {
 public:
  CertificateService(store::Store& store, const Clock& clock, ca::Issuer issuer,
                     ca::OcspResponder responder, const ca::CaCredential& crl_signer,
                     CertificateOptions options);

  // Issues a certificate for `account_id` from a PKCS#10 CSR (PEM or DER),
  // which only proves possession of the key: the subject comes from the
  // account's current verified identity version (never from the CSR).
  // Returns ParseCsr's kInvalidArgument codes, kNotFound "account_not_found",
  // kFailedPrecondition "account_disabled", "identity_not_verified",
  // "issuance_blocked_by_superseded_identity" (and the request workflow's
  // "issuance_blocked_by_data_change"), and Issuer::Issue's codes. The subject
  // is the identity as it stands when the certificate is stored, also if it
  // changed while this call ran. Returns after the certificate and its audit record committed;
  // concurrent calls share that commit (options.issue_batch_max).
  Result<store::CertificateRecord> IssueFromCsr(const auth::Actor& actor, int64_t account_id,
                                                std::string_view csr);
  // The same with a key generated here and returned once inside a PKCS#12
  // protected by `passphrase` (never stored, never logged). Also
  // kInvalidArgument "pkcs12_passphrase_too_short".
  Result<GeneratedCertificate> IssueWithGeneratedKey(const auth::Actor& actor, int64_t account_id,
                                                     const SecretString& passphrase);
  // A new certificate for the key in `csr`, for the owner of `serial`, from
  // their current identity; the old one is then revoked as superseded (when
  // options.revoke_on_renew). IssueFromCsr's codes, kNotFound
  // "certificate_not_found", kConflict "already_revoked", kFailedPrecondition
  // "renewal_too_early" before RenewableFrom().
  Result<store::CertificateRecord> Renew(const auth::Actor& actor, const std::string& serial_hex,
                                         std::string_view csr);
  // When `certificate` enters its renewal window: notAfter - renewal_window.
  TimePoint RenewableFrom(const store::CertificateRecord& certificate) const {
    return certificate.not_after - options_.renewal_window;
  }
  // Revokes at once: OCSP answers `revoked` from the next request on, in
  // every process; the CRL follows within options.crl_min_interval.
  // kNotFound "certificate_not_found", kConflict "already_revoked",
  // kInvalidArgument "serial_malformed".
  Status Revoke(const auth::Actor& actor, const std::string& serial_hex,
                ca::RevocationReason reason);
  // The certificates of `account_id`, newest first; with account_id 0, every
  // certificate (admins, auditors and the system only) up to `limit`.
  Result<std::vector<store::CertificateRecord>> List(const auth::Actor& actor, int64_t account_id,
                                                     int limit = 1000);
  Result<store::CertificateRecord> Get(const auth::Actor& actor, const std::string& serial_hex);

  // The DER of the current CRL of the issuing CA. Generates one when none
  // exists or the stored one is past half its validity; after revocations,
  // regenerates unless the last generation is younger than
  // options.crl_min_interval. Otherwise serves the stored CRL (from memory
  // when unchanged): never one signature per request. What is due is known
  // from one small read that concurrent requests share (shared_read.h).
  Result<std::shared_ptr<const std::string>> CurrentCrl();
  // Regenerates the CRL if it is missing, stale or behind the revocations
  // (for a background tick). Returns whether a new CRL was made.
  Result<bool> MaintainCrl();
  // Generates and stores a new CRL now; returns its crlNumber.
  Result<int64_t> GenerateCrl();
  // The number, thisUpdate and nextUpdate of the CRL published now (without
  // its DER; number 0 before the first). Public facts: no actor needed.
  Result<store::CrlState> CrlInfo();

  // Answers a DER OCSPRequest with a DER OCSPResponse, always: malformed
  // requests get malformedRequest, storage failures tryLater (RFC 6960
  // §4.2.1). Pre-signed answers are served from a cache that is checked
  // against the store's revocation counter first (see ocsp_cache.h).
  std::string OcspRespond(std::string_view request_der);
  // The same answer when it is at hand without blocking: a malformed request,
  // or a cached answer while the revocation fence says nothing was revoked
  // since the cache was last synchronised. nullopt otherwise (then call
  // OcspRespond, which may read the store and sign). Never reads the store.
  std::optional<std::string> OcspRespondFromCache(std::string_view request_der);

  const ca::Issuer& issuer() const { return issuer_; }
  // How issuances from CSRs were batched so far.
  GroupCommit::Stats issue_commit_stats() const { return issue_commits_.stats(); }

  // Installs the request workflow's hooks (must outlive this service). Call
  // once, before the service is shared between threads.
  void SetHooks(CertificateHooks* hooks) { hooks_ = hooks; }
  // Installs the fence shared by every process on this host that uses the
  // same database (revocation_fence.h; must outlive this service). Without
  // one, each OCSP answer reads the revocation counter. Call once, before
  // the service is shared between threads.
  void SetRevocationFence(RevocationFence* fence) { fence_ = fence; }

 private:
  struct Issued;
  // What a CRL request reads: the stored CRL's state (no DER) and the
  // revocation counter, in one snapshot (crl.cc).
  struct CrlCheck {
    store::CrlState state;
    int64_t revocations = 0;
  };
  // The outcome of CheckEligible: what a certificate for the account says.
  struct Eligibility {
    ca::SubjectInfo subject;
    int64_t identity_version_id = 0;
    int identity_version = 0;
  };
  Result<Eligibility> CheckEligible(store::Transaction& tx, const auth::Actor& actor,
                                    int64_t account_id, TimePoint now);
  static store::CertificateRecord RecordOf(ca::IssuedCertificate cert, int64_t account_id,
                                           int64_t identity_version_id, TimePoint now);
  Result<Issued> IssueInTx(store::Transaction& tx, const auth::Actor& actor, int64_t account_id,
                           const std::string* spki_der, const SecretString* passphrase,
                           TimePoint now);
  Result<int64_t> RegenerateCrl(bool only_if_needed, bool* made);
  // Whether ocsp_cache_ is known current without a store read (ocsp.cc).
  bool OcspCacheCurrent() const;
  // Brings ocsp_cache_ up to a store read that began after this call did,
  // shared with concurrent callers; returns the revocation counter it read.
  Result<int64_t> SyncOcspCache();
  // REQUIRES: crl_mu_ held.
  Result<int64_t> RegenerateCrlLocked(bool only_if_needed, bool* made);
  Result<CrlCheck> ReadCrlCheck();
  // Whether a CRL request or tick that read `check` at `now` generates one.
  bool CrlDue(const CrlCheck& check, TimePoint now) const;
  // The stored CRL number `number` or newer: from memory, or loaded once if
  // another process or node stored it.
  Result<std::shared_ptr<const std::string>> StoredCrl(int64_t number);

  store::Store& store_;
  const Clock& clock_;
  ca::Issuer issuer_;
  ca::OcspResponder responder_;
  const ca::CaCredential& crl_signer_;
  CertificateOptions options_;
  OcspCache ocsp_cache_;
  CertificateHooks* hooks_ = nullptr;
  RevocationFence* fence_ = nullptr;
  // The fence's QuietStamp() taken before the last store read that synced
  // ocsp_cache_; -1: none (see ocsp.cc).
  std::atomic<int64_t> fence_synced_{-1};
  SharedRead<int64_t> ocsp_syncs_;  // SyncOcspCache's reads.
  SharedRead<CrlCheck> crl_checks_;  // CurrentCrl's reads.
  GroupCommit issue_commits_;

  std::mutex crl_mu_;  // One CRL generation at a time in this process.
  std::mutex crl_cache_mu_;
  std::shared_ptr<const std::string> crl_der_;  // Guarded by crl_cache_mu_.
  int64_t crl_number_ = 0;                       // Guarded by crl_cache_mu_.
  TimePoint crl_next_update_;                    // Guarded by crl_cache_mu_.
};

}  // namespace ams::workflow
