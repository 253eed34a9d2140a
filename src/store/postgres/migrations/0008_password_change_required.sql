-- AMS schema, version 8: a password someone other than its owner chose (an
-- admin creating the account or resetting a forgotten password) is to be
-- changed by the owner at the next sign-in; until then the session may do
-- nothing else (auth/login.cc, AuthenticateSession).
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
