#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_record.h"
#include "auth/account.h"
#include "base/result.h"
#include "ca/revocation_reason.h"
#include "documents/document_record.h"
#include "identity/agency.h"
#include "identity/identity.h"
#include "notify/mail.h"
#include "notify/notification.h"
#include "workflow/requests/request.h"

// Interfaces only: what the domain asks of storage. The engines (store/soci
// with store/sqlite and store/postgres) implement them; the domain never sees
// SQL or a driver.
namespace ams::store {

class AccountRepo {
 public:
  virtual ~AccountRepo() = default;
  // kConflict "email_taken" when the e-mail exists.
  virtual Result<int64_t> Create(const auth::Account& account) = 0;
  // kNotFound "account_not_found".
  virtual Result<auth::Account> FindByEmail(const std::string& email) = 0;
  virtual Result<auth::Account> FindById(int64_t id) = 0;
  // Locks the row until the transaction ends (PostgreSQL FOR UPDATE; SQLite
  // holds the database write lock already), so read-check-write is safe.
  virtual Result<auth::Account> FindByIdForUpdate(int64_t id) = 0;
  virtual Result<std::vector<auth::Account>> List() = 0;
  // Writes every mutable field of `account` (by id); the name is not one:
  // it follows the identity (auth::Account::display_name).
  virtual Status Update(const auth::Account& account) = 0;

  virtual Status AddSession(const auth::Session& session) = 0;
  virtual Result<auth::Session> FindSession(const std::string& id_hash) = 0;
  virtual Status UpdateSession(const auth::Session& session) = 0;
  virtual Status DeleteSession(const std::string& id_hash) = 0;
  virtual Status DeleteSessionsOf(int64_t account_id) = 0;

  virtual Result<int64_t> AddApiToken(const auth::ApiToken& token) = 0;
  virtual Result<auth::ApiToken> FindApiToken(const std::string& token_hash) = 0;
  virtual Result<std::vector<auth::ApiToken>> ListApiTokens(int64_t account_id) = 0;
  virtual Status RevokeApiToken(int64_t account_id, int64_t token_id) = 0;

  // One-time links (e-mail verification). Consume deletes the row and returns
  // its account, so a link works once; kNotFound when unknown or expired.
  virtual Status AddOneTimeToken(const std::string& token_hash, int64_t account_id,
                                 auth::OneTimePurpose purpose, TimePoint expires_at) = 0;
  virtual Result<int64_t> ConsumeOneTimeToken(const std::string& token_hash,
                                              auth::OneTimePurpose purpose, TimePoint now) = 0;

  // Second-factor recovery codes, stored as hashes; Use deletes the one used.
  virtual Status ReplaceRecoveryCodes(int64_t account_id, const std::vector<std::string>& hashes) = 0;
  virtual Result<bool> UseRecoveryCode(int64_t account_id, const std::string& hash) = 0;

  // Operators may be limited to the agencies assigned to them.
  virtual Status AssignAgency(int64_t account_id, int64_t agency_id) = 0;
  virtual Status UnassignAgency(int64_t account_id, int64_t agency_id) = 0;
  virtual Result<std::vector<int64_t>> AssignedAgencies(int64_t account_id) = 0;
  // The enabled operators assigned to `agency_id`, by id: whom a new request
  // of that agency concerns (without reading every account).
  virtual Result<std::vector<int64_t>> OperatorsOf(int64_t agency_id) = 0;
  // Applicants whose e-mail or name, or whose current identity's full name,
  // NIP or e-mail, contains `needle` (lower case; matched regardless of ASCII
  // case), ordered by name. With `agencies`, only applicants whose current
  // identity belongs to one of them. At most `limit` account ids.
  virtual Result<std::vector<int64_t>> FindApplicants(
      const std::string& needle, const std::optional<std::vector<int64_t>>& agencies, size_t limit) = 0;
};

class AgencyRepo {
 public:
  virtual ~AgencyRepo() = default;
  // kConflict "agency_code_taken".
  virtual Result<int64_t> Create(const identity::Agency& agency) = 0;
  virtual Result<identity::Agency> Find(int64_t id) = 0;
  virtual Result<std::vector<identity::Agency>> List() = 0;
};

class IdentityRepo {
 public:
  virtual ~IdentityRepo() = default;
  // Appends version n+1 for the account; earlier versions are never changed.
  virtual Result<identity::IdentityVersion> AddVersion(int64_t account_id,
                                                       const identity::IdentityData& data,
                                                       int64_t created_by, TimePoint at) = 0;
  // The version in force; kNotFound "identity_not_found" when none.
  virtual Result<identity::IdentityVersion> Current(int64_t account_id) = 0;
  virtual Result<std::vector<identity::IdentityVersion>> History(int64_t account_id) = 0;
  // kConflict "nik_taken" / "nip_taken" when another account's current identity uses it.
  virtual Status CheckUnique(int64_t account_id, const identity::IdentityData& data) = 0;
};

class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  // Appends to the hash chain. Serialises with every other appender (the chain
  // head is locked until the transaction ends), so the chain never forks.
  virtual Result<audit::AuditRecord> Append(const audit::AuditEvent& event) = 0;
  virtual Result<std::vector<audit::AuditRecord>> Query(const audit::AuditFilter& filter) = 0;
};

// The durable mail outbox. A dispatcher takes mail out under a lease: ClaimDue
// in one short transaction, the send outside any transaction, the outcome in
// another short one. The claim's attempt number is the lease's token: an
// outcome is recorded only while the row still carries it, so a dispatcher
// whose lease ran out (and whose mail another claimed) changes nothing.
class OutboxRepo {
 public:
  virtual ~OutboxRepo() = default;
  // Returns false (and enqueues nothing) when dedup_key was enqueued before.
  virtual Result<bool> Enqueue(const notify::OutgoingMail& mail) = 0;
  // Leases up to `limit` due mails (neither sent nor given up, next_attempt_at
  // <= now), oldest first: each gets attempts + 1 and next_attempt_at =
  // lease_until. Rows another transaction holds are skipped (PostgreSQL FOR
  // UPDATE SKIP LOCKED; SQLite's write lock serialises claims); once this
  // commits no other claim sees them before lease_until. So however many
  // nodes dispatch, a mail is out with one of them at a time. The mails
  // returned carry the new attempts.
  virtual Result<std::vector<notify::OutgoingMail>> ClaimDue(TimePoint now, TimePoint lease_until,
                                                             int limit) = 0;
  // The outcomes of the claim that gave mail `id` attempts == `attempt`. Each
  // returns false, changing nothing, when the row no longer carries that
  // claim (its lease ran out and another dispatcher claimed it).
  // Sent: sent_at = at.
  virtual Result<bool> MarkSent(int64_t id, int attempt, TimePoint at) = 0;
  // To be retried: last_error = error, due again at retry_at.
  virtual Result<bool> MarkFailed(int64_t id, int attempt, const std::string& error,
                                  TimePoint retry_at) = 0;
  // Given up: failed_at = at, last_error = error. Kept, never due again.
  virtual Result<bool> GiveUp(int64_t id, int attempt, const std::string& error, TimePoint at) = 0;
  // Not tried after all: attempts - 1, due again at `due`; last_error = note
  // unless the note is empty.
  virtual Result<bool> Release(int64_t id, int attempt, TimePoint due,
                               const std::string& note) = 0;
  // Mail neither sent nor given up (leased mail included).
  virtual Result<int64_t> CountPending() = 0;
  // Mail given up on.
  virtual Result<int64_t> CountFailed() = 0;
  // Unsent mail, given up or not, oldest first, at most `limit` (for the
  // operator, and tests). Locks nothing.
  virtual Result<std::vector<notify::OutgoingMail>> ListUnsent(int limit) = 0;
  // The mail enqueued with `dedup_key`, sent_at included; nullopt if none.
  virtual Result<std::optional<notify::OutgoingMail>> FindByDedupKey(const std::string& key) = 0;
};

// In-app notifications (notify/notifier.h writes them). Every call is scoped
// to one account: nobody reads or marks another's.
class NotificationRepo {
 public:
  virtual ~NotificationRepo() = default;
  // Stores `n` (its id and read_at are ignored); returns the new id.
  virtual Result<int64_t> Add(const notify::Notification& n) = 0;
  // The account's notifications, newest first; only unread ones when
  // `unread_only`. REQUIRES: limit > 0, offset >= 0.
  virtual Result<std::vector<notify::Notification>> List(int64_t account_id, int limit,
                                                         int offset, bool unread_only) = 0;
  virtual Result<int64_t> CountUnread(int64_t account_id) = 0;
  // Marks one read (at `at`; one already read keeps its first read_at).
  // kNotFound "notification_not_found" when `id` is not the account's.
  virtual Status MarkRead(int64_t account_id, int64_t id, TimePoint at) = 0;
  // Marks every unread one of the account read; returns how many.
  virtual Result<int64_t> MarkAllRead(int64_t account_id, TimePoint at) = 0;
};

// A certificate as stored. Plain value. `der` holds the raw DER bytes (the
// engines store it as base64 text for portability).
struct CertificateRecord {
  enum class State { kValid, kRevoked };
  std::string serial_hex;           // Canonical serial hex (ca/serial.h); primary key.
  int64_t account_id = 0;
  int64_t identity_version_id = 0;  // The identity version the subject came from.
  std::string ca_name;              // "issuing".
  std::string der;
  TimePoint not_before;
  TimePoint not_after;
  State state = State::kValid;
  std::optional<TimePoint> revoked_at;                       // kRevoked only.
  ca::RevocationReason reason = ca::RevocationReason::kUnspecified;  // kRevoked only.
  std::string replaced_by;          // Serial of the renewal that superseded it, or "".
  TimePoint created_at;
};

// One revoked certificate of a CA, as a CRL lists it. Plain value.
struct RevokedCertificate {
  std::string serial_hex;
  TimePoint revoked_at;
  ca::RevocationReason reason = ca::RevocationReason::kUnspecified;
};

// The revocation status of one serial, for OCSP. Plain value.
struct CertificateStatus {
  bool revoked = false;
  TimePoint revoked_at;
  ca::RevocationReason reason = ca::RevocationReason::kUnspecified;
};

// The CRL published for one CA. Plain value.
struct CrlState {
  std::string ca_name;
  int64_t number = 0;             // crlNumber of `der`; 0 before the first.
  std::string der;                // Empty before the first CRL.
  TimePoint this_update;
  TimePoint next_update;
  int64_t revocations_seen = 0;   // The revocation counter the CRL includes.
};

class CertificateRepo {
 public:
  virtual ~CertificateRepo() = default;
  // kConflict "serial_taken" when the serial exists (the database enforces
  // uniqueness, RFC 5280 §4.1.2.2).
  virtual Status Insert(const CertificateRecord& cert) = 0;
  // kNotFound "certificate_not_found".
  virtual Result<CertificateRecord> Find(const std::string& serial_hex) = 0;
  // The account's certificates, newest first.
  virtual Result<std::vector<CertificateRecord>> ListByAccount(int64_t account_id) = 0;
  // Every certificate, newest first, at most `limit`.
  virtual Result<std::vector<CertificateRecord>> ListAll(int limit) = 0;
  // Marks a valid certificate revoked and increments the revocation counter,
  // in this transaction. kNotFound "certificate_not_found"; kConflict
  // "already_revoked" (nothing changed) when it is revoked already.
  // Returns the counter's new value.
  virtual Result<int64_t> Revoke(const std::string& serial_hex, TimePoint at,
                                 ca::RevocationReason reason, const std::string& replaced_by) = 0;
  // The status of a serial for OCSP; nullopt when we never issued it.
  virtual Result<std::optional<CertificateStatus>> StatusOf(const std::string& serial_hex) = 0;
  // Every revoked certificate of `ca_name`, in revocation order.
  virtual Result<std::vector<RevokedCertificate>> ListRevoked(const std::string& ca_name) = 0;
  // The serials revoked after the counter had `after` (revocation_seq > after).
  virtual Result<std::vector<std::string>> RevokedSince(int64_t after) = 0;
  // The number of revocations ever made (all processes and nodes). Cheap: one row.
  virtual Result<int64_t> RevocationCounter() = 0;

  // The next crlNumber of `ca_name`: increments the stored counter under its
  // row lock, so numbers increase across restarts and nodes and are never
  // handed out twice. kNotFound "crl_state_not_found" for an unknown CA.
  virtual Result<int64_t> NextCrlNumber(const std::string& ca_name) = 0;
  // The CRL stored for `ca_name` (der empty before the first).
  // kNotFound "crl_state_not_found".
  virtual Result<CrlState> LoadCrl(const std::string& ca_name, bool with_der) = 0;
  // Stores `crl` unless a CRL with a number >= crl.number is stored already
  // (a concurrent generator won); returns whether it was stored.
  virtual Result<bool> SaveCrl(const CrlState& crl) = 0;

  // Valid certificates with after < not_after <= before, the nearest end
  // first, at most `limit` (expiry reminders).
  virtual Result<std::vector<CertificateRecord>> ListValidExpiring(TimePoint after,
                                                                   TimePoint before,
                                                                   int limit) = 0;
  // The serial of one certificate of `account_id` that is valid at `now`
  // (not revoked, not expired) and was issued from an identity version other
  // than `identity_version_id`; nullopt if there is none. For the issuance
  // rule (DESIGN.md): reads no DER, so it costs the same however many
  // certificates the account holds.
  virtual Result<std::optional<std::string>> FindValidFromOtherIdentity(
      int64_t account_id, int64_t identity_version_id, TimePoint now) = 0;
};

// Uploaded documents' metadata (documents/document_record.h); the bytes are in
// a documents::BlobStore.
class DocumentRepo {
 public:
  virtual ~DocumentRepo() = default;
  // Returns the new id (record.id is ignored).
  virtual Result<int64_t> Insert(const documents::DocumentRecord& record) = 0;
  // kNotFound "document_not_found".
  virtual Result<documents::DocumentRecord> Find(int64_t id) = 0;
  // The records of `ids`, in that order (a repeated id appears once, at its
  // first place). kNotFound "document_not_found", the detail naming the id,
  // when any is unknown; kInvalidArgument "too_many_documents" past 100 ids.
  // The caller checks owner_account_id (documents/document_access.h).
  virtual Result<std::vector<documents::DocumentRecord>> FindMany(const std::vector<int64_t>& ids) = 0;
  // The owner's documents, newest first.
  virtual Result<std::vector<documents::DocumentRecord>> ListByOwner(int64_t owner_account_id) = 0;
  // How many records reference the blob `sha256` (for tests and clean-up).
  virtual Result<int64_t> CountBySha256(const std::string& sha256) = 0;
};

// Content-addressed bytes in the database, for deployments of several nodes
// that share no disk (documents/database_blob_store.h wraps it).
class BlobRepo {
 public:
  virtual ~BlobRepo() = default;
  // Stores `content` under `sha256_hex` unless that key is there already
  // (a concurrent writer of the same content is not an error).
  // REQUIRES: sha256_hex is the SHA-256 of content.
  virtual Status Put(const std::string& sha256_hex, std::string_view content) = 0;
  // The bytes as stored (unchecked). kNotFound "document_not_found".
  virtual Result<std::string> Get(const std::string& sha256_hex) = 0;
};

class RequestRepo {
 public:
  virtual ~RequestRepo() = default;
  // Stores `request` (its id is ignored) with version 1; returns the new id.
  virtual Result<int64_t> Create(const workflow::Request& request) = 0;
  // kNotFound "request_not_found".
  virtual Result<workflow::Request> Find(int64_t id) = 0;
  // Writes every mutable field of `request` if the stored version is still
  // request.version, and bumps it; kConflict "request_changed" when another
  // transaction moved the request first (nothing written).
  virtual Status Update(const workflow::Request& request) = 0;
  // The account's requests, newest first.
  virtual Result<std::vector<workflow::Request>> ListByAccount(int64_t account_id) = 0;
  // Whether the account has a request of `kind` that is not final (neither
  // rejected nor completed). One LIMIT 1 query: the issuance rule asks it on
  // every issuance, and every issuance adds a completed request.
  virtual Result<bool> AnyOpen(int64_t account_id, workflow::RequestKind kind) = 0;
  // The operator queue, oldest first.
  virtual Result<std::vector<workflow::Request>> ListQueue(const workflow::QueueFilter& filter) = 0;

  // kConflict "step_recorded" when the request has that step already.
  virtual Status AddStep(const workflow::RequestStep& step) = 0;
  // A request's steps, by step number.
  virtual Result<std::vector<workflow::RequestStep>> Steps(int64_t request_id) = 0;
  // Every step that ended in [from, to), in end order (timing report).
  virtual Result<std::vector<workflow::RequestStep>> StepsEndedBetween(TimePoint from,
                                                                      TimePoint to) = 0;

  // Standard times an admin set (StepsOf() holds the defaults).
  virtual Result<std::vector<workflow::StandardTime>> StandardTimes() = 0;
  // `by`: the admin's account; none when the system set it.
  virtual Status SetStandardTime(const workflow::StandardTime& time, std::optional<int64_t> by,
                                 TimePoint at) = 0;
};

// One unit of work. Everything written through it commits or rolls back
// together, so a state change and its audit record never part.
// Not thread-safe; it exists only inside Store::InTransaction.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual AccountRepo& accounts() = 0;
  virtual AgencyRepo& agencies() = 0;
  virtual IdentityRepo& identities() = 0;
  virtual AuditRepo& audit() = 0;
  virtual OutboxRepo& outbox() = 0;
  virtual CertificateRepo& certificates() = 0;
  virtual NotificationRepo& notifications() = 0;
  virtual DocumentRepo& documents() = 0;
  virtual BlobRepo& blobs() = 0;
  virtual RequestRepo& requests() = 0;
};

// The audit chain as stored, for `ams audit verify`: records in seq order and
// the head (last seq and hash written).
struct AuditHead {
  int64_t seq = 0;
  std::string hash;
};

// A database. Thread-safe: each InTransaction call takes its own connection
// from a pool.
class Store {
 public:
  virtual ~Store() = default;
  // Commits when `work` returns OK, rolls back otherwise. Returns work's
  // Status, kConflict when a concurrent writer won, kUnavailable when the
  // database cannot be reached.
  virtual Status InTransaction(const std::function<Status(Transaction&)>& work) = 0;
  // Same, read-only: nothing is locked for writing.
  virtual Status Read(const std::function<Status(Transaction&)>& work) = 0;

  // Brings the schema to the newest version; returns the versions applied.
  virtual Result<std::vector<int>> Migrate() = 0;
  // True when the database answers (for /readyz).
  virtual bool Ping() = 0;
  // Streams the whole audit chain in seq order to `visit` (stops on false).
  virtual Status ScanAudit(const std::function<bool(const audit::AuditRecord&)>& visit,
                           AuditHead* head) = 0;
  // "sqlite" or "postgresql".
  virtual std::string EngineName() const = 0;
};

}  // namespace ams::store
