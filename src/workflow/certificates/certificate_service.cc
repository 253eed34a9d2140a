// Issuance, renewal, revocation and listing (SOP: issuance, renewal and
// revocation requests). CRL publication is in crl.cc, OCSP in ocsp.cc.
#include "workflow/certificates/certificate_service.h"

#include <algorithm>
#include <optional>

#include "ca/csr.h"
#include "ca/pkcs12.h"
#include "ca/serial.h"
#include "workflow/request_state.h"
#include "workflow/certificates/certificate_events.h"

namespace ams::workflow {

struct CertificateService::Issued {
  store::CertificateRecord record;
  std::string pkcs12_der;
};

CertificateService::CertificateService(store::Store& store, const Clock& clock, ca::Issuer issuer,
                                       ca::OcspResponder responder,
                                       const ca::CaCredential& crl_signer,
                                       CertificateOptions options)
    : store_(store),
      clock_(clock),
      issuer_(std::move(issuer)),
      responder_(std::move(responder)),
      crl_signer_(crl_signer),
      options_(std::move(options)),
      ocsp_cache_(options_.ocsp_cache_entries),
      issue_commits_(store, options_.issue_batch_max) {}

namespace {

enum class Access { kRead, kChange };

// The rule of the class comment. `account` is the certificate's owner.
Status CheckAccess(store::Transaction& tx, const auth::Actor& actor, const auth::Account& account,
                   Access access, const char* not_found_reason) {
  if (actor.is_system || actor.role == auth::Role::kAdmin) return Status();
  if (actor.account_id == account.id) return Status();
  if (actor.role == auth::Role::kAuditor) {
    if (access == Access::kRead) return Status();
    return Status::PermissionDenied("auditor_read_only");
  }
  if (actor.role == auth::Role::kOperator && account.role == auth::Role::kApplicant) {
    Result<identity::IdentityVersion> current = tx.identities().Current(account.id);
    if (current.ok() && std::find(actor.agencies.begin(), actor.agencies.end(),
                                  current->data.agency_id) != actor.agencies.end()) {
      return Status();
    }
  }
  return Status::NotFound(not_found_reason);
}

}  // namespace

// Whether `actor` may have a certificate issued to `account_id` now, and the
// subject it gets: the access rule, the account state, the current verified
// identity and the issuance rule. Reads only (IssueFromCsr runs it as the
// check of a batched issuance).
Result<CertificateService::Eligibility> CertificateService::CheckEligible(
    store::Transaction& tx, const auth::Actor& actor, int64_t account_id, TimePoint now) {
  Result<auth::Account> account = tx.accounts().FindById(account_id);
  if (!account.ok()) return account.status();
  AMS_RETURN_IF_ERROR(CheckAccess(tx, actor, *account, Access::kChange, "account_not_found"));
  if (account->disabled) return Status::FailedPrecondition("account_disabled");

  // Subject only from the current verified identity version (DESIGN.md, CA).
  Result<identity::IdentityVersion> identity = tx.identities().Current(account_id);
  if (!identity.ok()) {
    if (identity.status().code() == Code::kNotFound) {
      return Status::FailedPrecondition("identity_not_verified",
                                        "the account has no verified identity version");
    }
    return identity.status();
  }

  // Issuance rule (DESIGN.md, data change procedure): no new certificate
  // while a valid one carries superseded identity data; the applicant must
  // revoke it first (reason affiliationChanged).
  // The request workflow adds "issuance_blocked_by_data_change" while a data
  // change of the account is open, in this transaction (so it also runs in
  // the committing transaction of a batched issuance).
  if (hooks_ != nullptr) AMS_RETURN_IF_ERROR(hooks_->BeforeIssue(tx, account_id));
  AMS_ASSIGN_OR_RETURN(std::optional<std::string> stale,
                       tx.certificates().FindValidFromOtherIdentity(account_id, identity->id, now));
  AMS_RETURN_IF_ERROR(CheckIssuanceAllowed({.valid_certificate_with_superseded_identity = stale}));

  AMS_ASSIGN_OR_RETURN(identity::Agency agency, tx.agencies().Find(identity->data.agency_id));
  Eligibility out;
  out.subject.full_name = identity->data.full_name;
  out.subject.agency = agency.name;
  out.subject.unit = identity->data.unit;
  out.subject.position = identity->data.position;
  out.subject.email = identity->data.email;
  out.subject.nik = identity->data.nik;
  out.subject.nip = identity->data.nip;
  out.identity_version_id = identity->id;
  out.identity_version = identity->version;
  return out;
}

store::CertificateRecord CertificateService::RecordOf(ca::IssuedCertificate cert,
                                                      int64_t account_id,
                                                      int64_t identity_version_id,
                                                      TimePoint now) {
  store::CertificateRecord r;
  r.serial_hex = cert.serial_hex;
  r.account_id = account_id;
  r.identity_version_id = identity_version_id;
  r.ca_name = ca::CaHierarchy::kIssuingName;
  r.der = std::move(cert.der);
  r.not_before = cert.not_before;
  r.not_after = cert.not_after;
  r.created_at = now;
  return r;
}

// One transaction: the checks, the signature, the row and the audit record
// commit together (DESIGN.md "Conventions"). Exactly one of spki_der and
// passphrase is set. (IssueFromCsr signs before its batched transaction
// instead; renewal and generated keys are rare and keep this path.)
Result<CertificateService::Issued> CertificateService::IssueInTx(
    store::Transaction& tx, const auth::Actor& actor, int64_t account_id,
    const std::string* spki_der, const SecretString* passphrase, TimePoint now) {
  AMS_ASSIGN_OR_RETURN(Eligibility eligible, CheckEligible(tx, actor, account_id, now));
  Issued out;
  ca::IssuedCertificate cert;
  if (spki_der != nullptr) {
    AMS_ASSIGN_OR_RETURN(cert, issuer_.Issue(eligible.subject, *spki_der, options_.profile, now));
  } else {
    AMS_ASSIGN_OR_RETURN(ca::GeneratedCredential generated,
                         ca::GenerateKeyAndPkcs12(issuer_, options_.generated_key_spec,
                                                  eligible.subject, options_.profile, *passphrase,
                                                  now));
    cert = std::move(generated.certificate);
    out.pkcs12_der = std::move(generated.pkcs12_der);
  }
  out.record = RecordOf(std::move(cert), account_id, eligible.identity_version_id, now);
  AMS_RETURN_IF_ERROR(tx.certificates().Insert(out.record));
  AMS_RETURN_IF_ERROR(
      tx.audit()
          .Append(events::CertificateIssued(actor, out.record, eligible.identity_version,
                                            spki_der != nullptr ? "csr" : "generated_key", now))
          .status());
  return out;
}

Result<store::CertificateRecord> CertificateService::IssueFromCsr(const auth::Actor& actor,
                                                                  int64_t account_id,
                                                                  std::string_view csr) {
  // Parsed (and its signature checked) before any transaction: bad input
  // costs no database work and changes nothing.
  AMS_ASSIGN_OR_RETURN(ca::ParsedCsr parsed, ca::ParseCsr(csr));
  const TimePoint now = clock_.Now();
  // The checks read and the certificate signed first, on this thread, in
  // parallel with other issuances: the committing transaction below runs
  // one batch at a time, and the less it does per certificate, the more
  // certificates per second. A refusal here costs the batch nothing.
  std::optional<Eligibility> early;
  AMS_RETURN_IF_ERROR(store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(early, CheckEligible(tx, actor, account_id, now));
    return Status();
  }));
  AMS_ASSIGN_OR_RETURN(ca::IssuedCertificate signed_early,
                       issuer_.Issue(early->subject, parsed.spki_der, options_.profile, now));
  store::CertificateRecord record =
      RecordOf(std::move(signed_early), account_id, early->identity_version_id, now);
  ca::SubjectInfo signed_subject = early->subject;

  // The checks again, in the committing transaction, so the subject is the
  // identity as it stands when the row is written; then the row, its audit
  // record and the request workflow's record commit together with
  // concurrent issuances (group commit), and the answer waits for that
  // commit.
  std::optional<Eligibility> eligible;
  const GroupCommit::Work check = [&](store::Transaction& tx) -> Status {
    eligible.reset();
    AMS_ASSIGN_OR_RETURN(eligible, CheckEligible(tx, actor, account_id, now));
    return Status();
  };
  AMS_RETURN_IF_ERROR(issue_commits_.Run(&check, [&](store::Transaction& tx) -> Status {
    // Signed again only if the identity changed since (a data change
    // approved in between, an agency renamed): the subject must be current.
    if (record.identity_version_id != eligible->identity_version_id ||
        signed_subject != eligible->subject) {
      AMS_ASSIGN_OR_RETURN(ca::IssuedCertificate cert,
                           issuer_.Issue(eligible->subject, parsed.spki_der, options_.profile, now));
      record = RecordOf(std::move(cert), account_id, eligible->identity_version_id, now);
      signed_subject = eligible->subject;
    }
    AMS_RETURN_IF_ERROR(tx.certificates().Insert(record));
    AMS_RETURN_IF_ERROR(
        tx.audit()
            .Append(events::CertificateIssued(actor, record, eligible->identity_version, "csr", now))
            .status());
    // The request workflow's record, timeline and notice commit with it.
    if (hooks_ != nullptr) return hooks_->AfterIssue(tx, actor, record, false, now);
    return Status();
  }));
  return record;
}

Result<GeneratedCertificate> CertificateService::IssueWithGeneratedKey(
    const auth::Actor& actor, int64_t account_id, const SecretString& passphrase) {
  if (passphrase.reveal().size() < ca::kMinPkcs12PassphraseBytes) {
    return Status::Invalid("pkcs12_passphrase_too_short");
  }
  std::optional<Issued> issued;
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(issued, IssueInTx(tx, actor, account_id, nullptr, &passphrase,
                                           clock_.Now()));
    if (hooks_ != nullptr) {
      AMS_RETURN_IF_ERROR(hooks_->AfterIssue(tx, actor, issued->record, false, clock_.Now()));
    }
    return Status();
  });
  if (!s.ok()) return s;
  return GeneratedCertificate{std::move(issued->record), std::move(issued->pkcs12_der)};
}

Result<store::CertificateRecord> CertificateService::Renew(const auth::Actor& actor,
                                                           const std::string& serial_hex,
                                                           std::string_view csr) {
  AMS_ASSIGN_OR_RETURN(std::vector<uint8_t> magnitude, ca::ParseSerialHex(serial_hex));
  const std::string serial = ca::SerialHex(magnitude);
  AMS_ASSIGN_OR_RETURN(ca::ParsedCsr parsed, ca::ParseCsr(csr));
  std::optional<Issued> issued;
  bool revoked_old = false;
  RevocationFence::Writing writing(fence_);  // Other processes' OCSP caches.
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    const TimePoint now = clock_.Now();
    AMS_ASSIGN_OR_RETURN(store::CertificateRecord old, tx.certificates().Find(serial));
    AMS_ASSIGN_OR_RETURN(auth::Account owner, tx.accounts().FindById(old.account_id));
    AMS_RETURN_IF_ERROR(CheckAccess(tx, actor, owner, Access::kChange, "certificate_not_found"));
    if (old.state == store::CertificateRecord::State::kRevoked) {
      return Status::Conflict("already_revoked", serial);
    }
    if (now < RenewableFrom(old)) {
      return Status::FailedPrecondition("renewal_too_early",
                                        serial + " renewable from " + FormatUtc(RenewableFrom(old)));
    }
    if (hooks_ != nullptr) AMS_RETURN_IF_ERROR(hooks_->BeforeRenew(tx, old));
    AMS_ASSIGN_OR_RETURN(issued, IssueInTx(tx, actor, old.account_id, &parsed.spki_der, nullptr, now));
    AMS_RETURN_IF_ERROR(tx.audit()
                            .Append(events::CertificateRenewed(actor, old.serial_hex,
                                                               issued->record.serial_hex, now))
                            .status());
    if (hooks_ != nullptr) AMS_RETURN_IF_ERROR(hooks_->AfterIssue(tx, actor, issued->record, true, now));
    if (options_.revoke_on_renew) {
      AMS_RETURN_IF_ERROR(tx.certificates()
                              .Revoke(serial, now, ca::RevocationReason::kSuperseded,
                                      issued->record.serial_hex)
                              .status());
      AMS_RETURN_IF_ERROR(
          tx.audit()
              .Append(events::CertificateRevoked(actor, old, ca::RevocationReason::kSuperseded, now))
              .status());
      if (hooks_ != nullptr) {
        AMS_RETURN_IF_ERROR(
            hooks_->AfterRevoke(tx, actor, old, ca::RevocationReason::kSuperseded, now));
      }
      revoked_old = true;
    }
    return Status();
  });
  if (!s.ok()) return s;
  if (revoked_old) ocsp_cache_.Erase(serial);
  return std::move(issued->record);
}

Status CertificateService::Revoke(const auth::Actor& actor, const std::string& serial_hex,
                                  ca::RevocationReason reason) {
  AMS_ASSIGN_OR_RETURN(std::vector<uint8_t> magnitude, ca::ParseSerialHex(serial_hex));
  const std::string serial = ca::SerialHex(magnitude);
  RevocationFence::Writing writing(fence_);  // Other processes' OCSP caches.
  Status s = store_.InTransaction([&](store::Transaction& tx) -> Status {
    const TimePoint now = clock_.Now();
    AMS_ASSIGN_OR_RETURN(store::CertificateRecord cert, tx.certificates().Find(serial));
    AMS_ASSIGN_OR_RETURN(auth::Account owner, tx.accounts().FindById(cert.account_id));
    AMS_RETURN_IF_ERROR(CheckAccess(tx, actor, owner, Access::kChange, "certificate_not_found"));
    AMS_RETURN_IF_ERROR(tx.certificates().Revoke(serial, now, reason, "").status());
    AMS_RETURN_IF_ERROR(
        tx.audit().Append(events::CertificateRevoked(actor, cert, reason, now)).status());
    if (hooks_ != nullptr) AMS_RETURN_IF_ERROR(hooks_->AfterRevoke(tx, actor, cert, reason, now));
    return Status();
  });
  if (!s.ok()) return s;
  // Effective at once here; other processes see the counter move (ocsp.cc).
  ocsp_cache_.Erase(serial);
  return Status();
}

Result<std::vector<store::CertificateRecord>> CertificateService::List(const auth::Actor& actor,
                                                                       int64_t account_id,
                                                                       int limit) {
  std::vector<store::CertificateRecord> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    if (account_id == 0) {
      if (!actor.is_system && actor.role != auth::Role::kAdmin &&
          actor.role != auth::Role::kAuditor) {
        return Status::PermissionDenied("not_allowed");
      }
      AMS_ASSIGN_OR_RETURN(out, tx.certificates().ListAll(std::clamp(limit, 1, 10000)));
      return Status();
    }
    AMS_ASSIGN_OR_RETURN(auth::Account owner, tx.accounts().FindById(account_id));
    AMS_RETURN_IF_ERROR(CheckAccess(tx, actor, owner, Access::kRead, "account_not_found"));
    AMS_ASSIGN_OR_RETURN(out, tx.certificates().ListByAccount(account_id));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<store::CertificateRecord> CertificateService::Get(const auth::Actor& actor,
                                                         const std::string& serial_hex) {
  Result<std::vector<uint8_t>> magnitude = ca::ParseSerialHex(serial_hex);
  if (!magnitude.ok()) return Status::NotFound("certificate_not_found");
  const std::string serial = ca::SerialHex(*magnitude);
  std::optional<store::CertificateRecord> out;
  Status s = store_.Read([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(store::CertificateRecord cert, tx.certificates().Find(serial));
    AMS_ASSIGN_OR_RETURN(auth::Account owner, tx.accounts().FindById(cert.account_id));
    AMS_RETURN_IF_ERROR(CheckAccess(tx, actor, owner, Access::kRead, "certificate_not_found"));
    out = std::move(cert);
    return Status();
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

}  // namespace ams::workflow
