-- AMS schema, version 4: uploaded documents (issue #4). The metadata lives
-- here; the bytes in a blob store keyed by their SHA-256: a folder under the
-- data directory, or the blobs table below (documents.store = "database").
-- Times are Unix seconds (UTC).
CREATE TABLE documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_account_id BIGINT NOT NULL REFERENCES accounts(id),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  media_type TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size BIGINT NOT NULL CHECK (size > 0),
  filename TEXT NOT NULL,                  -- the client's name, sanitised; display only
  purpose TEXT NOT NULL,                   -- ktp, sk, form, supporting (checked by the domain)
  uploaded_at BIGINT NOT NULL,
  uploaded_by BIGINT REFERENCES accounts(id)  -- NULL: the system (CLI)
);
CREATE INDEX documents_by_owner ON documents(owner_account_id, uploaded_at);
CREATE INDEX documents_by_sha256 ON documents(sha256);

-- Content-addressed bytes, for deployments whose nodes share no disk.
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  content BLOB NOT NULL,
  size BIGINT NOT NULL
);
