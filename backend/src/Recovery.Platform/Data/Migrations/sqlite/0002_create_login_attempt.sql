-- Failed sign-ins for e-mails that name no active account, counted and locked like an account's, so that the answer
-- (401, then 423 with Retry-After) never tells whether an account exists.
CREATE TABLE platform.login_attempt (
    email          TEXT    NOT NULL PRIMARY KEY,
    failed_logins  INTEGER NOT NULL,
    locked_until   TEXT    NULL,
    updated_at     TEXT    NOT NULL
);
CREATE INDEX platform.ix_login_attempt_updated ON login_attempt (updated_at);
