-- In-app notifications (issue #4 item 6): what Notifier writes with each
-- state change; only read_at ever changes. Times are Unix seconds (UTC).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  event TEXT NOT NULL,
  title_id TEXT NOT NULL,
  title_en TEXT NOT NULL,
  body_id TEXT NOT NULL,
  body_en TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
-- The unread count and the list, per account.
CREATE INDEX notifications_account_read ON notifications(account_id, read_at);

-- The outbox keeps mail it gave up on (kept, visible, never deleted) apart
-- from mail still to be tried: failed_at is set once and ends the retries.
ALTER TABLE outbox ADD COLUMN failed_at BIGINT;
