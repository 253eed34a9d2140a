-- AMS schema, version 7: the two questions every issuance asks (twice, with
-- group commit) answered by a seek instead of a walk through the account's
-- history. Through the (account_id, created_at) indexes each read every
-- certificate row (with its DER) or every request row of the account, and
-- every issuance adds one of each, so issuance slowed as an account aged.

-- "Does the account still hold a valid certificate of an older identity
-- version?" (the issuance rule, CertificateRepo::FindValidFromOtherIdentity).
CREATE INDEX certificates_valid_by_identity ON certificates(account_id, identity_version_id, not_after)
  WHERE status = 'valid';

-- "Is a data change of the account open?" (RequestRepo::AnyOpen). The
-- condition is the query's own, word for word, so the planner may use it.
CREATE INDEX requests_open_by_account ON requests(account_id, kind)
  WHERE state NOT IN ('rejected', 'completed');
