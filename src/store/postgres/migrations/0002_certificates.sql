-- AMS schema, version 2: issued certificates, the CRL state of each CA and
-- the revocation counter that tells every process/node when an OCSP answer
-- it has cached may be stale. Times are Unix seconds (UTC).
CREATE TABLE certificates (
  serial TEXT PRIMARY KEY,                 -- canonical serial hex (ca/serial.h)
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  identity_version_id BIGINT NOT NULL REFERENCES identity_versions(id),
  ca_name TEXT NOT NULL,
  der TEXT NOT NULL,                       -- base64 of the DER
  not_before BIGINT NOT NULL,
  not_after BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('valid', 'revoked')),
  revoked_at BIGINT,
  reason INTEGER,                          -- RFC 5280 CRLReason code
  revocation_seq BIGINT,                   -- revocation_counter.value after this revocation
  replaced_by TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX certificates_by_account ON certificates(account_id, created_at);
CREATE INDEX certificates_revoked ON certificates(ca_name, status);
CREATE INDEX certificates_by_revocation_seq ON certificates(revocation_seq);

-- One row per CA that publishes a CRL. next_number is the last crlNumber
-- handed out (incremented under the row lock); der_number is the number of
-- the CRL stored in der, which only ever grows.
CREATE TABLE crl_state (
  ca_name TEXT PRIMARY KEY,
  next_number BIGINT NOT NULL,
  der_number BIGINT NOT NULL,
  der TEXT,                                -- base64 of the DER; NULL before the first
  this_update BIGINT,
  next_update BIGINT,
  revocations_seen BIGINT NOT NULL         -- revocation_counter.value the CRL includes
);
INSERT INTO crl_state (ca_name, next_number, der_number, der, this_update, next_update,
                       revocations_seen)
VALUES ('issuing', 0, 0, NULL, NULL, NULL, 0);

-- Incremented by every revocation, in the revoking transaction.
CREATE TABLE revocation_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value BIGINT NOT NULL
);
INSERT INTO revocation_counter (id, value) VALUES (1, 0);
