-- AMS schema, version 6: the CRL's DER moves out of crl_state into a table of
-- its own. crl_state is read on every CRL request and written by every
-- generation (next_number); with the DER in the same row (~55 MB of base64 at
-- 1,000,000 entries) each of those reads walked the blob's overflow pages and
-- each number update rewrote the whole row (bench/README.md). Now crl_state
-- stays a few small columns and the DER is written once per generation.
CREATE TABLE crl_der (
  ca_name TEXT NOT NULL,
  number BIGINT NOT NULL,                  -- crlNumber; equals crl_state.der_number
  der TEXT NOT NULL,                       -- base64 of the DER
  PRIMARY KEY (ca_name, number)
);
INSERT INTO crl_der (ca_name, number, der)
SELECT ca_name, der_number, der FROM crl_state WHERE der IS NOT NULL;
ALTER TABLE crl_state DROP COLUMN der;

-- The CRL's list of revoked certificates, read whole by every generation
-- (a million rows at scale): from this index alone, in revocation order,
-- without touching the certificate rows and their DER.
CREATE INDEX certificates_crl_entries ON certificates(ca_name, revocation_seq, serial, revoked_at, reason)
  WHERE status = 'revoked';
