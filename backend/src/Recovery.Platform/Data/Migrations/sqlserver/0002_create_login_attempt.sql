-- Failed sign-ins for e-mails that name no active account, counted and locked like an account's, so that the answer
-- (401, then 423 with Retry-After) never tells whether an account exists.
CREATE TABLE platform.login_attempt (
    email          NVARCHAR(254) NOT NULL CONSTRAINT pk_platform_login_attempt PRIMARY KEY,
    failed_logins  INT           NOT NULL,
    locked_until   DATETIME2(7)  NULL,
    updated_at     DATETIME2(7)  NOT NULL
);
CREATE INDEX ix_login_attempt_updated ON platform.login_attempt (updated_at);
