#pragma once

#include <soci/soci.h>

#include "store/soci/dialect.h"
#include "store/soci/statement_cache.h"
#include "store/store.h"

namespace ams::store {

// The repositories of one SOCI transaction. Each holds the session of the
// transaction; none outlives it. Not thread-safe.
class SociAccountRepo final : public AccountRepo {
 public:
  SociAccountRepo(soci::session& sql, const Dialect& d, StatementCache& st) : sql_(sql), st_(st), d_(d) {}
  Result<int64_t> Create(const auth::Account& account) override;
  Result<auth::Account> FindByEmail(const std::string& email) override;
  Result<auth::Account> FindById(int64_t id) override;
  Result<auth::Account> FindByIdForUpdate(int64_t id) override;
  Result<std::vector<auth::Account>> List() override;
  Status Update(const auth::Account& account) override;
  Status AddSession(const auth::Session& session) override;
  Result<auth::Session> FindSession(const std::string& id_hash) override;
  Status UpdateSession(const auth::Session& session) override;
  Status DeleteSession(const std::string& id_hash) override;
  Status DeleteSessionsOf(int64_t account_id) override;
  Result<int64_t> AddApiToken(const auth::ApiToken& token) override;
  Result<auth::ApiToken> FindApiToken(const std::string& token_hash) override;
  Result<std::vector<auth::ApiToken>> ListApiTokens(int64_t account_id) override;
  Status RevokeApiToken(int64_t account_id, int64_t token_id) override;
  Status AddOneTimeToken(const std::string& token_hash, int64_t account_id,
                         auth::OneTimePurpose purpose, TimePoint expires_at) override;
  Result<int64_t> ConsumeOneTimeToken(const std::string& token_hash, auth::OneTimePurpose purpose,
                                      TimePoint now) override;
  Status ReplaceRecoveryCodes(int64_t account_id, const std::vector<std::string>& hashes) override;
  Result<bool> UseRecoveryCode(int64_t account_id, const std::string& hash) override;
  Status AssignAgency(int64_t account_id, int64_t agency_id) override;
  Status UnassignAgency(int64_t account_id, int64_t agency_id) override;
  Result<std::vector<int64_t>> AssignedAgencies(int64_t account_id) override;
  Result<std::vector<int64_t>> OperatorsOf(int64_t agency_id) override;
  Result<std::vector<int64_t>> FindApplicants(const std::string& needle,
                                              const std::optional<std::vector<int64_t>>& agencies,
                                              size_t limit) override;

 private:
  Result<std::vector<auth::Account>> Select(const std::string& where, const std::string& key,
                                            int64_t id);
  // The first column of every row `sql` (one integer placeholder) yields.
  Result<std::vector<int64_t>> Ids(const std::string& sql, int64_t key);
  soci::session& sql_;
  StatementCache& st_;  // Prepared statements of this session (hot paths).
  const Dialect& d_;
};

class SociAgencyRepo final : public AgencyRepo {
 public:
  SociAgencyRepo(soci::session& sql, StatementCache& st) : sql_(sql), st_(st) {}
  Result<int64_t> Create(const identity::Agency& agency) override;
  Result<identity::Agency> Find(int64_t id) override;
  Result<std::vector<identity::Agency>> List() override;

 private:
  soci::session& sql_;
  StatementCache& st_;  // Prepared statements of this session (hot paths).
};

class SociIdentityRepo final : public IdentityRepo {
 public:
  SociIdentityRepo(soci::session& sql, StatementCache& st) : sql_(sql), st_(st) {}
  Result<identity::IdentityVersion> AddVersion(int64_t account_id,
                                               const identity::IdentityData& data,
                                               int64_t created_by, TimePoint at) override;
  Result<identity::IdentityVersion> Current(int64_t account_id) override;
  Result<std::vector<identity::IdentityVersion>> History(int64_t account_id) override;
  Status CheckUnique(int64_t account_id, const identity::IdentityData& data) override;

 private:
  soci::session& sql_;
  StatementCache& st_;  // Prepared statements of this session (hot paths).
};

class SociAuditRepo final : public AuditRepo {
 public:
  SociAuditRepo(soci::session& sql, const Dialect& d, StatementCache& st) : sql_(sql), st_(st), d_(d) {}
  Result<audit::AuditRecord> Append(const audit::AuditEvent& event) override;
  Result<std::vector<audit::AuditRecord>> Query(const audit::AuditFilter& filter) override;
  // Stores the chain head where this transaction's appends left it. Called
  // once, just before COMMIT (SociStore).
  void WriteHead();

 private:
  soci::session& sql_;
  StatementCache& st_;  // Prepared statements of this session (hot paths).
  const Dialect& d_;
  // The head as read (and locked) by the first Append of the transaction and
  // moved by each: a batch of issuances reads and writes the head row once,
  // not once per record.
  struct Head {
    long long seq = 0;
    std::string hash;
  };
  std::optional<Head> head_;
  bool head_moved_ = false;
};

class SociOutboxRepo final : public OutboxRepo {
 public:
  SociOutboxRepo(soci::session& sql, const Dialect& d, StatementCache& st) : sql_(sql), st_(st), d_(d) {}
  Result<bool> Enqueue(const notify::OutgoingMail& mail) override;
  Result<std::vector<notify::OutgoingMail>> ClaimDue(TimePoint now, TimePoint lease_until,
                                                     int limit) override;
  Result<bool> MarkSent(int64_t id, int attempt, TimePoint at) override;
  Result<bool> MarkFailed(int64_t id, int attempt, const std::string& error,
                          TimePoint retry_at) override;
  Result<bool> GiveUp(int64_t id, int attempt, const std::string& error, TimePoint at) override;
  Result<bool> Release(int64_t id, int attempt, TimePoint due, const std::string& note) override;
  Result<int64_t> CountPending() override;
  Result<int64_t> CountFailed() override;
  Result<std::vector<notify::OutgoingMail>> ListUnsent(int limit) override;
  Result<std::optional<notify::OutgoingMail>> FindByDedupKey(const std::string& key) override;

 private:
  // UPDATE outbox SET <set> (binding :e then :t) for the holder of the lease.
  Result<bool> Settle(int64_t id, int attempt, const std::string& set, const std::string& error,
                      long long time);
  Result<int64_t> Count(const char* where);
  soci::session& sql_;
  StatementCache& st_;  // Prepared statements of this session (hot paths).
  const Dialect& d_;
};

class SociCertificateRepo final : public CertificateRepo {
 public:
  SociCertificateRepo(soci::session& sql, const Dialect& d, StatementCache& st) : sql_(sql), st_(st), d_(d) {}
  Status Insert(const CertificateRecord& cert) override;
  Result<CertificateRecord> Find(const std::string& serial_hex) override;
  Result<std::vector<CertificateRecord>> ListByAccount(int64_t account_id) override;
  Result<std::vector<CertificateRecord>> ListAll(int limit) override;
  Result<int64_t> Revoke(const std::string& serial_hex, TimePoint at, ca::RevocationReason reason,
                         const std::string& replaced_by) override;
  Result<std::optional<CertificateStatus>> StatusOf(const std::string& serial_hex) override;
  Result<std::vector<RevokedCertificate>> ListRevoked(const std::string& ca_name) override;
  Result<std::vector<std::string>> RevokedSince(int64_t after) override;
  Result<int64_t> RevocationCounter() override;
  Result<int64_t> NextCrlNumber(const std::string& ca_name) override;
  Result<CrlState> LoadCrl(const std::string& ca_name, bool with_der) override;
  Result<bool> SaveCrl(const CrlState& crl) override;
  Result<std::vector<CertificateRecord>> ListValidExpiring(TimePoint after, TimePoint before,
                                                           int limit) override;
  Result<std::optional<std::string>> FindValidFromOtherIdentity(int64_t account_id,
                                                                int64_t identity_version_id,
                                                                TimePoint now) override;

 private:
  Result<std::vector<CertificateRecord>> Select(const std::string& where_order, long long key);
  soci::session& sql_;
  StatementCache& st_;  // Prepared statements of this session (hot paths).
  const Dialect& d_;
};

class SociNotificationRepo final : public NotificationRepo {
 public:
  SociNotificationRepo(soci::session& sql, const Dialect& d, StatementCache& st)
      : sql_(sql), st_(st), d_(d) {}
  Result<int64_t> Add(const notify::Notification& n) override;
  Result<std::vector<notify::Notification>> List(int64_t account_id, int limit, int offset,
                                                 bool unread_only) override;
  Result<int64_t> CountUnread(int64_t account_id) override;
  Status MarkRead(int64_t account_id, int64_t id, TimePoint at) override;
  Result<int64_t> MarkAllRead(int64_t account_id, TimePoint at) override;

 private:
  soci::session& sql_;
  StatementCache& st_;  // Prepared statements of this session (hot paths).
  const Dialect& d_;
};

class SociRequestRepo final : public RequestRepo {
 public:
  SociRequestRepo(soci::session& sql, const Dialect& d, StatementCache& st)
      : sql_(sql), st_(st), d_(d) {}
  Result<int64_t> Create(const workflow::Request& request) override;
  Result<workflow::Request> Find(int64_t id) override;
  Status Update(const workflow::Request& request) override;
  Result<std::vector<workflow::Request>> ListByAccount(int64_t account_id) override;
  Result<bool> AnyOpen(int64_t account_id, workflow::RequestKind kind) override;
  Result<std::vector<workflow::Request>> ListQueue(const workflow::QueueFilter& filter) override;
  Status AddStep(const workflow::RequestStep& step) override;
  Result<std::vector<workflow::RequestStep>> Steps(int64_t request_id) override;
  Result<std::vector<workflow::RequestStep>> StepsEndedBetween(TimePoint from,
                                                              TimePoint to) override;
  Result<std::vector<workflow::StandardTime>> StandardTimes() override;
  Status SetStandardTime(const workflow::StandardTime& time, std::optional<int64_t> by,
                         TimePoint at) override;

 private:
  Result<std::vector<workflow::Request>> Select(const std::string& where_order,
                                                const std::vector<long long>& keys);
  soci::session& sql_;
  StatementCache& st_;  // Prepared statements of this session (hot paths).
  const Dialect& d_;
};

class SociDocumentRepo final : public DocumentRepo {
 public:
  explicit SociDocumentRepo(soci::session& sql) : sql_(sql) {}
  Result<int64_t> Insert(const documents::DocumentRecord& record) override;
  Result<documents::DocumentRecord> Find(int64_t id) override;
  Result<std::vector<documents::DocumentRecord>> FindMany(const std::vector<int64_t>& ids) override;
  Result<std::vector<documents::DocumentRecord>> ListByOwner(int64_t owner_account_id) override;
  Result<int64_t> CountBySha256(const std::string& sha256) override;

 private:
  soci::session& sql_;
};

class SociBlobRepo final : public BlobRepo {
 public:
  SociBlobRepo(soci::session& sql, const Dialect& d) : sql_(sql), d_(d) {}
  Status Put(const std::string& sha256_hex, std::string_view content) override;
  Result<std::string> Get(const std::string& sha256_hex) override;

 private:
  soci::session& sql_;
  const Dialect& d_;
};

class SociTransaction final : public Transaction {
 public:
  SociTransaction(soci::session& sql, const Dialect& d, StatementCache& st)
      : accounts_(sql, d, st),
        agencies_(sql, st),
        identities_(sql, st),
        audit_(sql, d, st),
        outbox_(sql, d, st),
        certificates_(sql, d, st),
        notifications_(sql, d, st),
        documents_(sql),
        blobs_(sql, d),
        requests_(sql, d, st) {}
  AccountRepo& accounts() override { return accounts_; }
  AgencyRepo& agencies() override { return agencies_; }
  IdentityRepo& identities() override { return identities_; }
  AuditRepo& audit() override { return audit_; }
  OutboxRepo& outbox() override { return outbox_; }
  CertificateRepo& certificates() override { return certificates_; }
  NotificationRepo& notifications() override { return notifications_; }
  DocumentRepo& documents() override { return documents_; }
  BlobRepo& blobs() override { return blobs_; }
  RequestRepo& requests() override { return requests_; }
  // What the repositories keep for the end of the transaction, written just
  // before COMMIT. Throws what SOCI throws.
  void BeforeCommit() { audit_.WriteHead(); }

 private:
  SociAccountRepo accounts_;
  SociAgencyRepo agencies_;
  SociIdentityRepo identities_;
  SociAuditRepo audit_;
  SociOutboxRepo outbox_;
  SociCertificateRepo certificates_;
  SociNotificationRepo notifications_;
  SociDocumentRepo documents_;
  SociBlobRepo blobs_;
  SociRequestRepo requests_;
};

// Decodes one audit_log row selected with kAuditColumns.
audit::AuditRecord AuditRecordFromRow(const soci::row& row);
inline constexpr char kAuditColumns[] =
    "seq, at, actor_id, actor_label, action, object_type, object_id, details, remote_addr, "
    "prev_hash, hash";

}  // namespace ams::store
