-- AMS schema, version 1: agencies, accounts and their credentials, identity
-- versions, the hash-chained audit log and the mail outbox.
-- Times are Unix seconds (UTC). Booleans are 0/1.
CREATE TABLE agencies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('applicant', 'operator', 'admin', 'auditor')),
  email_verified INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  last_failed_login BIGINT,
  totp_secret TEXT NOT NULL DEFAULT '',
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  csrf_token TEXT NOT NULL,
  second_factor_done INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions(account_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE one_time_tokens (
  token_hash TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  purpose TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  code_hash TEXT NOT NULL,
  PRIMARY KEY (account_id, code_hash)
);

CREATE TABLE operator_agencies (
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  PRIMARY KEY (account_id, agency_id)
);

-- Never updated or deleted: an approved change adds version n+1.
CREATE TABLE identity_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  version INTEGER NOT NULL,
  full_name TEXT NOT NULL,
  nik TEXT NOT NULL,
  nip TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  unit TEXT NOT NULL,
  position TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (account_id, version)
);
CREATE INDEX identity_versions_by_nik ON identity_versions(nik);
CREATE INDEX identity_versions_by_nip ON identity_versions(nip);
CREATE TRIGGER identity_versions_no_update BEFORE UPDATE ON identity_versions
BEGIN SELECT RAISE(ABORT, 'identity versions are never changed'); END;
CREATE TRIGGER identity_versions_no_delete BEFORE DELETE ON identity_versions
BEGIN SELECT RAISE(ABORT, 'identity versions are never deleted'); END;

-- Append-only, hash-chained. The triggers stop an honest mistake; the chain
-- (checked by `ams audit verify`) catches anyone who goes around them.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_label TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  details TEXT NOT NULL,
  remote_addr TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_by_actor ON audit_log(actor_id, seq);
CREATE INDEX audit_log_by_object ON audit_log(object_type, object_id, seq);
CREATE INDEX audit_log_by_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- The chain's head: one row, locked by every appender.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  dedup_key TEXT UNIQUE,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  sent_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox(sent_at, next_attempt_at);
