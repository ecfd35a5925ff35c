-- Multi-factor sign-in (TOTP, RFC 6238). The secret is kept protected by the host's Data Protection keys, never in
-- clear; confirmed_at NULL is an enrolment waiting for its first code. last_used_step refuses a code used before.
CREATE TABLE platform.user_mfa (
    user_id        UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_platform_user_mfa PRIMARY KEY
                   CONSTRAINT fk_platform_user_mfa_user REFERENCES platform.app_user (id),
    secret         NVARCHAR(1000)   NOT NULL,
    confirmed_at   DATETIME2(7)     NULL,
    last_used_step BIGINT           NULL,
    created_at     DATETIME2(7)     NOT NULL,
    updated_at     DATETIME2(7)     NOT NULL
);

-- Recovery codes, each usable once: only a salted SHA-256 of each is kept.
CREATE TABLE platform.mfa_recovery_code (
    id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_platform_mfa_recovery_code PRIMARY KEY,
    user_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_platform_mfa_recovery_code_user REFERENCES platform.app_user (id),
    salt       NVARCHAR(64)     NOT NULL,
    code_hash  NVARCHAR(64)     NOT NULL,
    created_at DATETIME2(7)     NOT NULL,
    used_at    DATETIME2(7)     NULL
);
CREATE INDEX ix_mfa_recovery_code_user ON platform.mfa_recovery_code (user_id);
