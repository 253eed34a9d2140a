-- AMS schema, version 3: the requests of the procedures (SOP.md), the steps
-- of each with actor, start, end and standard time, and the standard times an
-- admin may change. Times are Unix seconds (UTC).
CREATE TABLE requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('registration', 'issuance', 'data_change', 'renewal', 'revocation')),
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  agency_id BIGINT NOT NULL REFERENCES agencies(id),  -- whose operators work it
  state TEXT NOT NULL,
  proposed TEXT NOT NULL,                  -- JSON: the proposed identity fields
  documents TEXT NOT NULL,                 -- JSON: the attached document ids
  note TEXT NOT NULL,                      -- the applicant's note
  reject_reason TEXT NOT NULL,
  previous_id BIGINT REFERENCES requests(id),  -- the rejected request this one follows
  identity_before BIGINT,                  -- identity version in force when submitted
  identity_after BIGINT,                   -- the version approval put in force
  certificates TEXT NOT NULL,              -- JSON: serials to revoke (revocation_required)
  ownership TEXT NOT NULL,                 -- result of SOP step 5: '', 'none', 'owns'
  claimed_by BIGINT REFERENCES accounts(id),
  claimed_at BIGINT,
  decided_by BIGINT REFERENCES accounts(id),
  version BIGINT NOT NULL,                 -- bumped by every transition (optimistic check)
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX requests_by_account ON requests(account_id, created_at);
CREATE INDEX requests_queue ON requests(state, agency_id, created_at);

CREATE TABLE request_steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id BIGINT NOT NULL REFERENCES requests(id),
  step INTEGER NOT NULL,
  actor_id BIGINT,                         -- NULL: the system
  agency_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT NOT NULL,
  standard_seconds BIGINT NOT NULL,        -- the standard time in force when it ended
  output TEXT NOT NULL,
  UNIQUE (request_id, step)
);
CREATE INDEX request_steps_by_end ON request_steps(ended_at);

CREATE TABLE standard_times (
  kind TEXT NOT NULL,
  step INTEGER NOT NULL,
  seconds BIGINT NOT NULL CHECK (seconds > 0),
  updated_by BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (kind, step)
);
