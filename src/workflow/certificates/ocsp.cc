// The OCSP responder's workflow side (RFC 6960): status from storage, answers
// signed by ca::OcspResponder, pre-signed answers cached (see ocsp_cache.h
// for why a cached answer is never stale, also across processes).
#include <optional>

#include "ca/ocsp.h"
#include "workflow/certificates/certificate_service.h"

namespace ams::workflow {

namespace {

ca::CertStatus ToCertStatus(const std::optional<store::CertificateStatus>& s) {
  if (!s) return ca::CertStatus::Unknown();
  if (s->revoked) return ca::CertStatus::Revoked(s->revoked_at, s->reason);
  return ca::CertStatus::Good();
}

}  // namespace

bool CertificateService::OcspCacheCurrent() const {
  if (fence_ == nullptr) return false;
  const std::optional<uint64_t> quiet = fence_->QuietStamp();
  return quiet && static_cast<int64_t>(*quiet) == fence_synced_.load();
}

std::optional<std::string> CertificateService::OcspRespondFromCache(std::string_view request_der) {
  Result<ca::OcspRequestInfo> request = ca::ParseOcspRequest(request_der);
  if (!request.ok()) return ca::OcspErrorResponse(ca::OcspError::kMalformedRequest);
  if (!OcspCacheCurrent()) return std::nullopt;
  std::optional<std::string> key = responder_.CacheKey(*request);
  if (!key) return std::nullopt;
  return ocsp_cache_.Find(*key, clock_.Now() - options_.ocsp_validity / 2);
}

// One store read serves every request that arrived before it began
// (shared_read.h). Without a fence (several nodes on one PostgreSQL) every
// OCSP request needs such a read; one per request was 3,800 answers/s
// (bench/README.md).
Result<int64_t> CertificateService::SyncOcspCache() {
  return ocsp_syncs_.Get([&]() -> Result<int64_t> {
    // The stamp before the read: the read sees every revocation it covers.
    const std::optional<uint64_t> quiet =
        fence_ != nullptr ? fence_->QuietStamp() : std::optional<uint64_t>();
    const int64_t known = ocsp_cache_.synced();
    int64_t counter = 0;
    std::vector<std::string> revoked_since;
    AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(counter, tx.certificates().RevocationCounter());
      if (known >= 0 && counter > known) {
        AMS_ASSIGN_OR_RETURN(revoked_since, tx.certificates().RevokedSince(known));
      }
      return Status();
    }));
    ocsp_cache_.Sync(counter, revoked_since);
    // Published only after the cache holds what that read saw.
    fence_synced_.store(quiet ? static_cast<int64_t>(*quiet) : -1);
    return counter;
  });
}

std::string CertificateService::OcspRespond(std::string_view request_der) {
  Result<ca::OcspRequestInfo> request = ca::ParseOcspRequest(request_der);
  if (!request.ok()) return ca::OcspErrorResponse(ca::OcspError::kMalformedRequest);

  // Synchronise the cache with the revocations of every process. On one
  // host with a fence (revocation_fence.h), while no revocation began since
  // the last sync, there is nothing to read: the hot path of a cached answer
  // touches no database. Otherwise one single-row read, plus the serials
  // revoked since the last look if any, shared with concurrent requests.
  const std::optional<uint64_t> quiet =
      fence_ != nullptr ? fence_->QuietStamp() : std::optional<uint64_t>();
  int64_t counter = 0;
  if (quiet && static_cast<int64_t>(*quiet) == fence_synced_.load()) {
    counter = ocsp_cache_.synced();
  } else {
    Result<int64_t> synced = SyncOcspCache();
    // Without the store we cannot know the status is current: tryLater
    // (RFC 6960 §2.3) rather than a possibly stale answer.
    if (!synced.ok()) return ca::OcspErrorResponse(ca::OcspError::kTryLater);
    counter = *synced;
  }

  const TimePoint now = clock_.Now();
  std::optional<std::string> key = responder_.CacheKey(*request);
  if (key) {
    if (std::optional<std::string> cached = ocsp_cache_.Find(*key, now - options_.ocsp_validity / 2)) {
      return *cached;
    }
  }

  // Look the statuses up first (the responder's lookup cannot fail), then sign.
  std::vector<std::pair<std::string, ca::CertStatus>> statuses;
  Status looked = store_.Read([&](store::Transaction& tx) -> Status {
    for (const ca::OcspCertId& id : request->cert_ids) {
      if (!responder_.IsOurIssuer(id)) continue;
      AMS_ASSIGN_OR_RETURN(std::optional<store::CertificateStatus> s,
                           tx.certificates().StatusOf(id.serial_hex));
      statuses.emplace_back(id.serial_hex, ToCertStatus(s));
    }
    return Status();
  });
  if (!looked.ok()) return ca::OcspErrorResponse(ca::OcspError::kTryLater);
  auto lookup = [&](const std::string& serial) {
    for (const auto& [s, status] : statuses) {
      if (s == serial) return status;
    }
    return ca::CertStatus::Unknown();
  };

  if (key) {
    ca::CertStatus status = lookup(*key);
    Result<std::string> der = responder_.SignBasicResponse(*key, status, now, options_.ocsp_validity);
    if (!der.ok()) return ca::OcspErrorResponse(ca::OcspError::kInternalError);
    // Unknown is not cached: issuing the serial later does not move the counter.
    if (status.kind != ca::CertStatus::Kind::kUnknown) {
      ocsp_cache_.Insert(*key, *der, now, counter);
    }
    return *der;
  }
  Result<std::string> der = responder_.Respond(*request, lookup, now, options_.ocsp_validity);
  if (!der.ok()) return ca::OcspErrorResponse(ca::OcspError::kInternalError);
  return *der;
}

}  // namespace ams::workflow
